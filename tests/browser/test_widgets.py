"""What every widget shares: the registry builds each once, and isolates one that fails."""

from .conftest import opened


def test_a_widget_that_cannot_start_says_so_and_leaves_the_others_alone(browser, base_url):
    ready = ".nb-widget[data-widget='gd-explorer'][data-ready='yes']"
    with opened(browser, base_url + "error-and-descent/gradient-descent/", ready) as page:
        page.evaluate("""() => {
            const broken = document.createElement("div");
            broken.className = "nb-widget";
            broken.dataset.widget = "conv-stepper";
            broken.dataset.image = "not an image";
            broken.id = "broken";
            document.querySelector("article").append(broken);
            setUpWidgets();
        }""")
        broken = page.locator("#broken")
        assert broken.get_attribute("data-ready") == "error"
        assert "could not start" in broken.locator(".nb-widget-error").inner_text()
        assert page.locator(".nb-widget-error").count() == 1
        assert [e for e in page.errors if "could not start" not in e] == []
        page.locator("button", has_text="Step").first.click()  # the explorer still works

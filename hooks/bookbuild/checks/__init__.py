"""The checks: what a reader could not trust stops the build, with page and line.

``report`` lists the problems of the built pages (printed outputs that differ from the
page, unreadable figure texts, greys a caption names that the dark figure does not show,
panels a caption names by their side where a phone stacks them, numbers of the prose
that nothing backs) and the lines the build logs;
``prose_numbers`` finds the numbers the prose quotes and what backs them.
"""

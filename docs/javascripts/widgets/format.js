// The numbers and indices as the widgets write them: text only, no page (a widget's
// model formats its labels with them; the kit, widgets/common.js, gives them to the
// mounts too).

// A number as the reader sees it: fixed decimals, a true minus sign, never "−0".
function show(value, digits) {
  let text = value.toFixed(digits);
  if (Number(text) === 0) {
    text = (0).toFixed(digits);
  }
  return text.replace("-", "\u2212");
}

// A term added in a sum: "+ 8.00", "− 1.00".
function plus(value, digits) {
  const text = show(value, digits);
  return text[0] === "\u2212" ? `\u2212 ${text.slice(1)}` : `+ ${text}`;
}

// A number that may be huge or tiny, for readers who have not met "e-39": fixed
// decimals in the usual range, else 3 decimals times a power of ten (3.603 × 10⁻³⁹);
// "overflow" past the largest float.
const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3",
  4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
const SUBSCRIPT = "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089";
const superscript = (k) => String(k).split("").map((c) => SUPERSCRIPT[c]).join("");
function power10(k) {
  return "10" + superscript(k);
}
// A whole number as a subscript (the j of a\u2c7c: a\u2081\u2082), and a layer's index as
// the chapters write it, a superscript in brackets (w\u207d\u00b2\u207e).
const sub = (n) => String(n).split("").map((c) => SUBSCRIPT[c]).join("");
const sup = (l) => `\u207d${superscript(l)}\u207e`;
function number(value, digits) {
  if (!Number.isFinite(value)) {
    return "overflow";
  }
  const a = Math.abs(value);
  if (a >= 1e5 || (a > 0 && a < 1e-3)) {
    const [mantissa, exponent] = value.toExponential(3).split("e");
    return `${show(Number(mantissa), 3)} \u00d7 ${power10(Number(exponent))}`;
  }
  return show(value, digits);
}

export { show, plus, number, power10, sub, sup };

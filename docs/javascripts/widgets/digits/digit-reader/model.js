// The digit-reader widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../digit-reader.js, draws its views; its tests compare them with nnbook).
//
// model({ net, image }) for a test image (28 x 28 values 0-255, as MNIST gives it), or
// model({ net, strokes }) for the reader's drawing (strokes, each a list of points [x, y]
// in grid units, 0 to 28 from the top left) -> { ink, input, layers, probabilities,
// answer, blank }: ink, the grid drawn (values 0-1); input, what the network reads (the
// test image, or the drawing prepared); layers, the activations of each layer of neurons
// drawn; probabilities, the ten outputs as probabilities; answer, the likeliest digit;
// blank, whether nothing is drawn.

import { argmax, forward, softmax } from "../../nn.js";
import { inkOf, prepareDigit as prepare } from "../prepare.js";

// The forward pass, the ink of strokes and MNIST's preparation, as nnbook's (nn.js).

// The outputs as probabilities: sigmoids divided by their sum; logits through softmax.
function probabilitiesOf(outputs, lastType) {
  if (lastType === "Dense") {
    return softmax(outputs);
  }
  const total = outputs.reduce((s, v) => s + v, 0);
  return outputs.map((v) => v / total);
}

function model({ net, image, strokes }) {
  const ink = image ? image.map((row) => row.map((v) => v / 255)) : inkOf(strokes);
  const input = image ? ink : prepare(ink);   // a test image already is prepared
  const x = [].concat(...input);
  const out = forward(net, x);
  // The neurons drawn: each layer after its activation (a Dense layer only where no
  // activation follows it).
  const last = net.layers.length - 1;
  const layers = out.filter((_, i) => net.layers[i].type !== "Dense" || i === last
    || net.layers[i + 1].type === "Dense");
  const probabilities = probabilitiesOf(layers[layers.length - 1], net.layers[last].type);
  return { ink, input, layers, probabilities, answer: argmax(probabilities),
    blank: !x.some((v) => v > 0) };
}

export { model };

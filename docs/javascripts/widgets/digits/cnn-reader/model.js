// The cnn-reader widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../cnn-reader.js, draws its views; its tests compare them with nnbook).
//
// model({ net, image }) for a test image (values 0-255), or model({ net, strokes }) for a
// drawing (strokes of points [x, y] in pixels, 0 to 28) -> { ink, input, layers,
// probabilities, answer, blank }: ink, the grid drawn (0-1); input, what the network reads
// (the image / 255, or the drawing prepared as nnbook.mnist_prep.prepare_digit does);
// layers, one per layer of maps ({ type, maps [channel][row][column], from: for a pooling
// layer, the [row, column] of the layer below that each maximum came from });
// probabilities, the softmax of the ten scores; answer, the likeliest digit.

import { argmax, forwardMaps, softmax } from "../../nn.js";
import { inkOf, prepareDigit } from "../prepare.js";

const NAMES = { Conv2D: "conv", ReLU: "ReLU", MaxPool2D: "pool" };

function model({ net, image, strokes }) {
  const ink = image ? image.map((row) => row.map((v) => v / 255)) : inkOf(strokes);
  const input = image ? ink : prepareDigit(ink);
  const out = forwardMaps(net, [input]);
  const layers = out.map((entry, i) => ({ type: net.layers[i].type, maps: entry.out,
    from: entry.from })).filter((layer) => NAMES[layer.type]);
  const probabilities = softmax(out[out.length - 1].out);
  return { ink, input, layers, probabilities, answer: argmax(probabilities),
    blank: !input.some((row) => row.some((v) => v > 0)) };
}

// Where the pixel (row r, column c) of the shown layer ``l`` was read from: the layer
// shown below it (-1, the input), its channels (all for a convolution, its own for a
// pooling) and its window. A ReLU's pixel is its convolution's.
function windowOf(net, shown, l, channel, r, c) {
  let k = shown[l];
  if (net.layers[k].type === "ReLU") {
    k -= 1;
  }
  const layer = net.layers[k];
  const pair = (v, d) => (v === undefined ? [d, d] : Array.isArray(v) ? v : [v, v]);
  const size = layer.type === "Conv2D"
    ? [layer.params.W[0][0].length, layer.params.W[0][0][0].length]
    : pair(layer.kernel_size, 2);
  const stride = pair(layer.stride, layer.type === "Conv2D" ? 1 : size[0]);
  const padding = pair(layer.padding, 0);
  return { below: shown.lastIndexOf(shown.filter((i) => i < k).pop()),
    channels: layer.type === "Conv2D" ? null : [channel],
    r0: r * stride[0] - padding[0], c0: c * stride[1] - padding[1],
    h: size[0], w: size[1] };
}

export { model, NAMES, windowOf };

import { broadcastShapes } from "../src/ir/shape";
import { broadcastPorts } from "./lib/elementwise";
import { defineBlock } from "./types";

export const NormalSample = defineBlock<Record<string, never>>({
  type: "NormalSample",
  category: "probabilistic",
  doc: "out = mu + exp(logvar / 2) · ε, ε ~ N(0, 1): a reparameterised sample, in train and eval alike",
  params: [],
  inputs: [
    { name: "mu", doc: "mean" },
    { name: "logvar", doc: "log of the variance" },
  ],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: broadcastPorts(inputs, "mu", "logvar") }),
  // ε is drawn outside the gradient path, so mu and logvar both get gradients (the VAE trick).
  // It samples in eval mode too, as the same few lines of PyTorch would; wire mu past it to
  // use the mean.
  lower: ({ b, inputs }) => {
    const mu = inputs.mu!;
    const logvar = inputs.logvar!;
    const eps = b.random(broadcastShapes(mu.shape, logvar.shape), "normal");
    return { out: mu.add(logvar.mul(0.5).exp().mul(eps)) };
  },
  examples: [
    { inputs: { mu: [4, 3], logvar: [4, 3] } },
    { inputs: { mu: [4, 3], logvar: [3] }, note: "broadcast: one learned variance per feature" },
    { inputs: { mu: [], logvar: [] }, note: "scalars" },
  ],
  badWiring: [
    { inputs: { mu: ["B", 3], logvar: ["B", 4] }, port: "logvar", message: /do not broadcast/ },
    { inputs: { mu: undefined, logvar: ["B", 4] }, port: "mu", message: /not connected/ },
  ],
});

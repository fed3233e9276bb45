import { fmtSym, PortShapeError, requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  reduction: string;
}

export const GaussianKL = defineBlock<Params>({
  type: "GaussianKL",
  category: "losses",
  doc: "loss = mean_b −½ Σ_d (1 + logvar − mu² − e^logvar) = KL(N(mu, e^logvar) ‖ N(0, I)), summed over D, averaged over the batch",
  params: [
    {
      name: "reduction",
      kind: "enum",
      default: "mean",
      options: ["mean", "sum"],
      doc: "mean over the batch of each sample's KL (the VAE convention, not torch's elementwise mean), or sum",
    },
  ],
  inputs: [
    { name: "mu", doc: "means [B, D]" },
    { name: "logvar", doc: "log-variances, same shape as mu" },
  ],
  outputs: [{ name: "loss" }],
  shape({ inputs }) {
    const mu = requireRank(inputs, "mu", [2, 3, 4, 5], "means [B, D] (or [B, C, H, W])");
    const lv = requireRank(inputs, "logvar", [2, 3, 4, 5], "log-variances [B, D]");
    if (fmtSym(mu) !== fmtSym(lv)) {
      throw new PortShapeError("logvar", `logvar ${fmtSym(lv)} must match mu ${fmtSym(mu)}`, fmtSym(mu), lv);
    }
    return { loss: [] };
  },
  lower({ inputs, params }) {
    const mu = inputs.mu!;
    const lv = inputs.logvar!;
    const terms = lv.add(1).sub(mu.square()).sub(lv.exp());
    // Sum over every non-batch dim: one KL per sample, as a VAE's ELBO needs.
    const total = terms.sum().mul(-0.5);
    return { loss: params.reduction === "sum" ? total : total.div(mu.shape[0]) };
  },
  examples: [
    { inputs: { mu: [3, 4], logvar: [3, 4] }, domains: { logvar: { kind: "normal", scale: 0.5 } } },
    { params: { reduction: "sum" }, inputs: { mu: [2, 2, 3], logvar: [2, 2, 3] }, note: "rank 3 latents" },
  ],
  badWiring: [
    {
      inputs: { mu: ["B", 8], logvar: ["B", 4] },
      port: "logvar",
      message: /logvar \[B, 4\] must match mu \[B, 8\]/,
    },
    { inputs: { mu: ["B"], logvar: ["B"] }, port: "mu", message: /expected means \[B, D\]/ },
  ],
});

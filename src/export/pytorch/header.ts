// The top of the generated file: what it is, how to run it, and the imports it needs.
import type { GraphDoc } from "../../graph/doc";

/** Meta text in a Python docstring: no triple quotes, no stray backslashes. */
function docText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"');
}

function wrapText(s: string, width = 92): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = "";
    }
    line += line ? ` ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function header(doc: GraphDoc, file: string, title: string, usesMnist: boolean): string {
  const note = doc.meta.note ? ["", ...wrapText(docText(doc.meta.note))] : [];
  const steps = doc.training?.steps;
  return [
    "#!/usr/bin/env python3",
    `"""${docText(title)}: a wiregrad graph as PyTorch code.`,
    ...note,
    "",
    `  python3 ${file}${steps ? "" : " --steps N"}`,
    `        train${steps ? ` for ${steps} steps (the graph's training.steps)` : ""}`,
    `  python3 ${file} --steps 100 --json`,
    "        train, one JSON line per logged step",
    `  torchrun --nproc_per_node=4 ${file} --distributed`,
    "        the same training with DistributedDataParallel over 4 processes (gloo on CPU,",
    "        nccl on GPUs), each taking every 4th row of the same global mini-batch",
    `  python3 ${file} --check batch.json`,
    "        one forward and backward pass, printed as `wiregrad grad --json` prints it",
    "",
    "The module's submodules are named after the graph's node ids, forward visits the blocks in",
    "topological order, and the weights wiregrad had are loaded with load_state_dict. Training",
    "draws the same mini-batches as wiregrad (its sampler is ported below), so on the CPU the",
    "losses agree with `wiregrad train` step by step up to float32 rounding (random blocks draw",
    "from torch's generator instead).",
    "",
    "Debian's torch 1.13 under Python 3.11: torchrun fails parsing its default --redirects/--tee",
    "(Python 3.11 changed IntFlag); run `python3 -m torch.distributed.run --redirects 2 --tee 2",
    `--nproc_per_node=4 ${file} --distributed\` there.`,
    '"""',
    "",
    "import argparse",
    "import contextlib",
    ...(usesMnist ? ["import gzip"] : []),
    "import json",
    "import math",
    "import os",
    ...(usesMnist ? ["import struct"] : []),
    "",
    "import torch",
    "import torch.distributed as dist",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
  ].join("\n");
}

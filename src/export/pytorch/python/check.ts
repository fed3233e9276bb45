// Python: `--check BATCH.json`, one forward and backward pass printed in the layout of
// `wiregrad grad --json`, and the command line.

export const CHECK_PY = `def check(batch, mnist=None):
    """One forward and backward pass in training mode on a fixed batch, laid out as
    \`wiregrad grad --json\`: {"loss", "outputs": {key: value}, "grads": {node: {param: value}}}.

    batch: {"inputs": {Input id: nested list, batch first}, "rows": {Dataset id: sample indices},
    "noise": {random block id: the draws wiregrad made}, "seed": n}, every key optional. A
    Dataset without rows takes the first mini-batch of wiregrad's sampler, as wiregrad grad does."""
    model = Model()
    load_weights(model)
    model.train()
    for node, values in batch.get("noise", {}).items():
        attr, fixed = NOISE[node]
        setattr(model, attr, fixed(getattr(model, attr), torch.tensor(values, dtype=torch.float32)))
    seed = batch.get("seed", TRAINING["seed"])
    datasets = load_datasets(mnist) if DATASETS else {}
    rows = {}
    for node, ds in datasets.items():
        given = batch.get("rows", {}).get(node)
        first = lambda: BatchSampler(ds["train"], seed + DATASETS[node]["seed"]).next_indices(TRAINING["batch_size"])
        rows[node] = given if given is not None else first()
    inputs = {k: torch.tensor(v, dtype=torch.float32) for k, v in batch.get("inputs", {}).items()}
    missing = [node for node, _, kind in ARGS if kind == "input" and node not in inputs]
    if missing:
        raise SystemExit(f"--check: give the values of the Input blocks {missing} under \\"inputs\\"")
    objective, out = model(*batch_args(datasets, rows, inputs))
    if objective is None:
        raise SystemExit("--check: the graph has no loss block and no single scalar output to differentiate")
    if objective.requires_grad:  # else no trainable weight reaches it: no gradients
        objective.backward()
    grads = {}
    for key, node, param in GRADS:
        p = model.get_parameter(key)
        grads.setdefault(node, {})[param] = (p.grad if p.grad is not None else torch.zeros_like(p)).tolist()
    outputs = {k: v.detach().tolist() for k, v in out.items()}
    return {"loss": objective.item(), "outputs": outputs, "grads": grads, "rows": rows}`;

export const MAIN_PY = `def main(argv=None):
    parser = argparse.ArgumentParser(description=TITLE + " (exported from wiregrad)")
    parser.add_argument("--steps", type=int, default=TRAINING.get("steps"), help="training steps")
    parser.add_argument("--seed", type=int, help="seed of the mini-batch order (default: the graph's)")
    parser.add_argument("--log-every", type=int, help="steps per log line")
    parser.add_argument("--json", action="store_true", help="one JSON object per log line")
    parser.add_argument("--distributed", action="store_true", help="DistributedDataParallel under torchrun")
    parser.add_argument("--check", metavar="BATCH.json", help="one forward and backward pass, as wiregrad grad --json")
    parser.add_argument("--save", metavar="WEIGHTS.json", help="write the trained weights (state_dict as JSON)")
    parser.add_argument("--mnist", metavar="PATH", help="wiregrad's mnist.bin.gz")
    args = parser.parse_args(argv)
    if args.check:
        with open(args.check) as f:
            result = check(json.load(f), args.mnist)
        result.pop("rows")
        print(json.dumps(result))
        return
    if not args.steps:
        parser.error("give --steps N (the graph sets no training.steps)")
    train(args.steps, args.seed, args.log_every, args.distributed, args.json, args.save, args.mnist)


if __name__ == "__main__":
    main()`;

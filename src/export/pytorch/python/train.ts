// Python: loading and saving weights, and the training loop (single process or DDP).

export const WEIGHTS_PY = `def load_weights(model):
    """wiregrad's weights into the model with load_state_dict (JSON lists: no pickle needed)."""
    if isinstance(WEIGHTS, dict):
        state = WEIGHTS
    else:
        with open(WEIGHTS) as f:
            state = json.load(f)
    state = {k: torch.tensor(v, dtype=torch.float32) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    # wiregrad keeps no batch counter; BatchNorm's num_batches_tracked (used only when
    # momentum is None) keeps its 0.
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise RuntimeError(f"weights do not fit the model: missing {missing}, unexpected {unexpected}")


def save_weights(model, path):
    """The trained state_dict in the same JSON form, loadable by load_weights."""
    state = {k: v.tolist() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    with open(path, "w") as f:
        json.dump(state, f)`;

export const TRAIN_PY = `def batch_args(datasets, rows, inputs=None, device=None):
    """forward's arguments in order: each Dataset's rows of x and y, each Input's value."""
    args = []
    for node, port, kind in ARGS:
        if kind == "dataset":
            args.append(datasets[node][port][torch.tensor(rows[node], dtype=torch.long)])
        else:
            args.append(inputs[node])
    return [a.to(device) for a in args] if device is not None else args


def shard_sums(objective, out, world):
    """Under DDP each process sees 1/world of the batch and the gradients are averaged, which
    keeps a mean over the batch a mean; a loss summed over the batch (reduction "sum") would
    become 1/world of the batch's sum, so those count world times here."""
    if world == 1 or not SHARD_SUMS:
        return objective, out
    extra = sum(out[k] for k in SHARD_SUMS)
    scaled = {k: v * world if k in SHARD_SUMS else v for k, v in out.items()}
    return objective + (world - 1) * extra, scaled


def step(net, optimizers, args, distributed, world):
    """One training step: forward, the gradients of every optimiser's objective, then the updates."""
    shared = all(target is None for target in OBJECTIVES)
    # With objectives of their own, the gradients are reduced by hand below, not by DDP's hooks.
    sync = contextlib.nullcontext() if shared or not distributed else net.no_sync()
    with sync:
        objective, out = net(*args)
    objective, scaled = shard_sums(objective, out, world)
    for opt in optimizers:
        opt.zero_grad()
    if shared:
        objective.backward()
    else:
        # Each optimiser follows the gradient of its own objective, all taken before any update.
        taken = []
        for opt, target in zip(optimizers, OBJECTIVES):
            params = [p for group in opt.param_groups for p in group["params"]]
            goal = objective if target is None else target(scaled)
            grads = torch.autograd.grad(goal, params, retain_graph=True, allow_unused=True)
            taken.append((params, grads))
        for params, grads in taken:
            for p, g in zip(params, grads):
                p.grad = torch.zeros_like(p) if g is None else g
                if distributed:
                    dist.all_reduce(p.grad)
                    p.grad /= world
    for opt in optimizers:
        opt.step()
    return objective, out


def evaluate(model, datasets, split, chunk=500):
    """Loss and metrics over a whole split in eval mode, as wiregrad's end-of-training report."""
    node, ds = next(iter(datasets.items()))
    idx = ds[split]
    if not idx:
        return {}
    device = next(model.parameters()).device
    model.eval()
    sums = {}
    with torch.no_grad():
        for at in range(0, len(idx), chunk):
            part = idx[at : at + chunk]
            objective, out = model(*batch_args(datasets, {node: part}, device=device))
            values = {"loss": objective.item(), **{k: v.item() for k, v in metrics(out).items()}}
            for k, v in values.items():
                sums[k] = sums.get(k, 0.0) + v * len(part)
    model.train()
    return {k: v / len(idx) for k, v in sums.items()}


def train(steps, seed=None, log_every=None, distributed=False, json_lines=False, save=None, mnist=None, log=print):
    """wiregrad's training loop: the same sampler and seed (so the same mini-batches), the same
    optimisers over the same parameters, one step per batch. With --distributed every process
    draws the same global batch and takes every N-th row of it; DDP averages the gradients."""
    if not OPTIMIZERS:
        raise SystemExit("the graph has no optimiser block wired to a loss, so nothing would train")
    if any(kind == "input" for _, _, kind in ARGS):
        raise SystemExit("training needs data: the graph has Input blocks (use --check with their values)")
    seed = TRAINING["seed"] if seed is None else seed
    log_every = log_every or TRAINING.get("log_every") or max(1, math.floor(steps / 20 + 0.5))
    rank, world, device = 0, 1, torch.device("cpu")
    if distributed:
        cuda = torch.cuda.is_available()
        dist.init_process_group("nccl" if cuda else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if cuda:
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
            torch.cuda.set_device(device)
    torch.manual_seed(seed + rank)  # the random blocks' draws: repeatable, different per process
    model = Model()
    load_weights(model)
    if distributed and device.type == "cuda":
        # Batch statistics over the whole global batch, as wiregrad computes them (on CPU,
        # where SyncBatchNorm is not available, each process normalises over its own rows).
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model.to(device).train()
    optimizers = make_optimizers(model)
    net = model
    if distributed:
        ids = [device.index] if device.type == "cuda" else None
        net = nn.parallel.DistributedDataParallel(model, device_ids=ids, find_unused_parameters=FIND_UNUSED)
    datasets = load_datasets(mnist)
    samplers = {node: BatchSampler(ds["train"], seed + DATASETS[node]["seed"]) for node, ds in datasets.items()}
    logs, window, n = [], {}, 0
    for s in range(1, steps + 1):
        rows = {node: sampler.next_indices(TRAINING["batch_size"])[rank::world] for node, sampler in samplers.items()}
        objective, out = step(net, optimizers, batch_args(datasets, rows, device=device), distributed, world)
        values = {"loss": objective.detach(), **{k: v.detach() for k, v in metrics(out).items()}}
        if distributed:
            packed = torch.stack([v.float().reshape(()) for v in values.values()])
            dist.all_reduce(packed)
            values = dict(zip(values, packed / world))
        for k, v in values.items():
            window[k] = window.get(k, 0.0) + float(v)
        n += 1
        if s % log_every == 0 or s == steps:
            line = {"step": s, **{k: v / n for k, v in window.items()}}
            if s == steps and len(datasets) == 1 and rank == 0:
                for split in ("train", "test"):
                    for k, v in evaluate(model, datasets, split).items():
                        line[f"{split}_{k}"] = v
            logs.append(line)
            if rank == 0:
                if json_lines:
                    log(json.dumps(line))
                else:
                    log(f"step {s:6d}  " + "  ".join(f"{k} {v:.4f}" for k, v in line.items() if k != "step"))
            window, n = {}, 0
    if save and rank == 0:
        save_weights(model, save)
        log(f"wrote {save}")
    if distributed:
        dist.destroy_process_group()
    return logs, model`;

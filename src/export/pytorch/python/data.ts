// Python: the datasets and wiregrad's mini-batch sampler, ported bit for bit so the exported
// training loop draws the same batches as `wiregrad train` with the same seed.

export const SAMPLER_PY = `M32 = 0xFFFFFFFF


def pcg_hash(v):
    """PCG output permutation as a hash (src/ir/rng.ts pcgHash), in 32-bit arithmetic."""
    state = (v * 747796405 + 2891336453) & M32
    word = (((state >> ((state >> 28) + 4)) ^ state) * 277803737) & M32
    return (word >> 22) ^ word


PERM_ROUNDS = 6


def epoch_round_keys(key, epoch):
    ek = pcg_hash(key ^ pcg_hash(epoch & M32))
    return [pcg_hash((ek + r) & M32) for r in range(PERM_ROUNDS)]


def permute_index(rk, n, j):
    """perm_{key,epoch}(j) over [0, n) (src/ir/rng.ts permuteIndex): an unbalanced Feistel
    network on the smallest 2^bits >= n, cycle-walking until the value falls below n."""
    bits = 2
    while (1 << bits) < n:
        bits += 1
    lo = bits >> 1
    lo_mask, hi_mask = (1 << lo) - 1, (1 << (bits - lo)) - 1
    x = j
    while True:
        left, right = x >> lo, x & lo_mask
        for r in range(PERM_ROUNDS):
            if r % 2 == 0:
                left = (left ^ pcg_hash(right ^ rk[r])) & hi_mask
            else:
                right = (right ^ pcg_hash(left ^ rk[r])) & lo_mask
        x = (left << lo) | right
        if x < n:
            return x


class BatchSampler:
    """wiregrad's mini-batches (src/train/batches.ts), stateless: stream position g is slot
    g mod n of epoch g // n, holding train[perm_{key,epoch}(slot)]; consecutive batches take
    consecutive positions, so every sample is drawn once per epoch."""

    def __init__(self, train, seed):
        self.train = list(train)
        self.key = pcg_hash(((seed & M32) ^ 0x9E3779B9) & M32)
        self.at = 0
        self.keys = {}

    def next_indices(self, batch):
        n = len(self.train)
        out = []
        for g in range(self.at, self.at + batch):
            epoch = g // n
            if epoch not in self.keys:
                self.keys = {epoch: epoch_round_keys(self.key, epoch)}
            out.append(self.train[permute_index(self.keys[epoch], n, g % n)])
        self.at += batch
        return out`;

export const FILE_DATA_PY = `def load_datasets(mnist_file=None):
    """Each Dataset block's samples: x and y as float32 (class indices as floats, as in wiregrad)
    and the train/test split as sample indices."""
    out, stored = {}, None
    for node, spec in DATASETS.items():
        if spec["source"] == "mnist":
            x, y, train, test = load_mnist(spec, mnist_file)
        else:
            if stored is None:
                with open(DATA_FILE) as f:
                    stored = json.load(f)
            d = stored[node]
            x = torch.tensor(d["x"], dtype=torch.float32)
            y = torch.tensor(d["y"], dtype=torch.float32)
            train, test = d["train"], d["test"]
        out[node] = {
            "x": x.reshape(-1, *spec["x_shape"]),
            "y": y.reshape(-1, *spec["y_shape"]),
            "train": list(train),
            "test": list(test),
        }
    return out`;

export const MNIST_PY = `def find_mnist(given):
    """The MNIST file: --mnist, $WIREGRAD_MNIST, next to this script, or where it was at export."""
    for path in (given, os.environ.get("WIREGRAD_MNIST"), os.path.join(HERE, "mnist.bin.gz"), MNIST_FILE):
        if path and os.path.exists(path):
            return path
    raise SystemExit("MNIST: mnist.bin.gz not found; pass --mnist PATH (wiregrad's public/data/mnist.bin.gz)")


def load_mnist(spec, given=None):
    """wiregrad's MNIST file (src/data/mnist-format.ts): "WGMN", then version, count, rows and cols
    as little-endian u32, the pixels (uint8, image-major) and the labels; gzipped. The split is
    fixed: the first 8,000 images train, the rest test. Then the block's label subset and limit."""
    with open(find_mnist(given), "rb") as f:
        raw = f.read()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    magic, version, count, rows, cols = struct.unpack_from("<4sIIII", raw)
    if magic != b"WGMN" or version != 1:
        raise SystemExit("MNIST: not a wiregrad MNIST file (version 1)")
    size = count * rows * cols
    pixels = torch.frombuffer(bytearray(raw[20 : 20 + size]), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(raw[20 + size : 20 + size + count]), dtype=torch.uint8)
    # pixel / 255 in double precision, then float32: the same rounding as wiregrad's Float32Array.
    x = (pixels.double() / 255).float().reshape(count, rows * cols)
    y = labels.float()
    n_train = min(8000, count)
    train, test = list(range(n_train)), list(range(n_train, count))
    if spec["labels"] is not None:
        new = {int(label): k for k, label in enumerate(spec["labels"])}
        keep_train = [i for i in train if int(y[i]) in new]
        keep_test = [i for i in test if int(y[i]) in new]
        x, y = x[keep_train + keep_test], y[keep_train + keep_test]
        if spec["remap"]:
            y = torch.tensor([new[int(v)] for v in y], dtype=torch.float32)
        train = list(range(len(keep_train)))
        test = list(range(len(keep_train), len(keep_train) + len(keep_test)))
    limit = spec["limit"]
    if limit is not None and limit < len(train) + len(test):
        # The first samples of each half, in the split's train:test ratio (src/data/subset.ts).
        n_test = min(len(test), math.floor(limit * len(test) / (len(train) + len(test)) + 0.5))
        n_train = min(len(train), limit - n_test)
        keep = train[:n_train] + test[:n_test]
        x, y = x[keep], y[keep]
        train, test = list(range(n_train)), list(range(n_train, n_train + n_test))
    return x, y, train, test`;

// Python: the datasets and wiregrad's mini-batch sampler, ported bit for bit so the exported
// training loop draws the same batches as `wiregrad train` with the same seed.

export const SAMPLER_PY = `M32 = 0xFFFFFFFF


class Rng:
    """wiregrad's seeded generator (sfc32 seeded through splitmix32, src/data/random.ts), ported
    bit for bit: integer operations only, so the same seed shuffles the same way here."""

    def __init__(self, seed):
        state = [seed & M32]

        def mix():
            state[0] = (state[0] + 0x9E3779B9) & M32
            z = state[0]
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return z ^ (z >> 16)

        self.a, self.b, self.c, self.d = mix(), mix(), mix(), mix()
        for _ in range(12):
            self.next_u32()

    def next_u32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & M32
        c = ((c << 21) | (c >> 11)) & M32
        self.c = (c + t) & M32
        return t

    def int(self, n):
        return math.floor(self.next_u32() / 4294967296 * n)

    def shuffle(self, xs):
        for i in range(len(xs) - 1, 0, -1):
            j = self.int(i + 1)
            xs[i], xs[j] = xs[j], xs[i]


class BatchSampler:
    """wiregrad's mini-batches (src/train/batches.ts): the training split shuffled once per epoch,
    a batch larger than what is left of an epoch wrapping into the next one."""

    def __init__(self, train, seed):
        self.rng = Rng((seed & M32) ^ 0x9E3779B9)
        self.order = list(train)
        self.at = 0
        self.epoch = 0
        self.rng.shuffle(self.order)

    def next_indices(self, batch):
        out = []
        for _ in range(batch):
            if self.at >= len(self.order):
                self.epoch += 1
                self.rng.shuffle(self.order)
                self.at = 0
            out.append(self.order[self.at])
            self.at += 1
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

"""Runs many exported PyTorch files in one process (importing torch once takes seconds).

Usage: python3 pytorch_driver.py JOBS.json
JOBS.json: [{"kind": "check", "py": path, "batch": path, "out": path}
            | {"kind": "train", "py": path, "steps": n, "out": path}]
Each job writes its result as JSON to "out"; a failing job writes {"error": traceback} there.
"""

import importlib.util
import json
import sys
import traceback


def load(path, index):
    spec = importlib.util.spec_from_file_location(f"exported_{index}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(job, module):
    if job["kind"] == "check":
        with open(job["batch"]) as f:
            return module.check(json.load(f))
    logs, model = module.train(job["steps"], log_every=1, log=lambda line: None)
    state = {k: v.tolist() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    return {"logs": logs, "state": state}


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    for i, job in enumerate(jobs):
        try:
            result = run(job, load(job["py"], i))
        except BaseException:  # SystemExit included: the test shows what the script said
            result = {"error": traceback.format_exc()}
        with open(job["out"], "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()

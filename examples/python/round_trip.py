"""Nets between varlab and Python (docs/formats.md), checked both ways.

    python3 examples/python/round_trip.py write FOLDER   # a PyTorch-style MLP as .safetensors and .npz
    varlab ...                                           # load(..., act: relu), measure, save
    python3 examples/python/round_trip.py check FOLDER   # varlab's files read back by NumPy

Needs numpy and the safetensors package (pip install safetensors). PyTorch is optional: with
it installed, `torch` mode saves a real nn.Sequential's state dict the same way
(safetensors.torch.save_file(model.state_dict(), "net.safetensors")).
"""
import json
import sys

import numpy as np
from safetensors.numpy import load_file, save_file

SIZES = [2, 16, 8, 1]  # nn.Sequential(Linear(2, 16), ReLU(), Linear(16, 8), ReLU(), Linear(8, 1))


def state_dict(seed=3):
    rng = np.random.default_rng(seed)
    sd = {}
    for i in range(len(SIZES) - 1):
        sd[f"net.{2 * i}.weight"] = rng.normal(0, 1 / np.sqrt(SIZES[i]), (SIZES[i + 1], SIZES[i])).astype(np.float32)
        sd[f"net.{2 * i}.bias"] = rng.normal(0, 0.1, SIZES[i + 1]).astype(np.float32)
    return sd


def forward(sd, points, prefix="net."):
    """The same nn.Sequential in NumPy, float64: relu after every Linear but the last."""
    h = np.asarray(points, dtype=np.float64).T
    layers = len(SIZES) - 1
    for i in range(layers):
        h = sd[f"{prefix}{2 * i}.weight"].astype(np.float64) @ h + sd[f"{prefix}{2 * i}.bias"][:, None]
        if i < layers - 1:
            h = np.maximum(h, 0)
    return h[0]


def grid():
    axis = np.linspace(-1, 1, 33)
    return np.array([[x, y] for y in axis for x in axis])


def write(folder):
    sd = state_dict()
    save_file(sd, f"{folder}/torch_mlp.safetensors")
    np.savez(f"{folder}/torch_mlp.npz", **{k[len("net."):]: v for k, v in sd.items()})
    outputs = forward(sd, grid())
    with open(f"{folder}/expected.json", "w") as f:
        json.dump({"points": grid().tolist(), "outputs": outputs.tolist()}, f)
    if len(sys.argv) > 3 and sys.argv[3] == "torch":
        import torch  # optional
        model = torch.nn.Sequential(
            torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
        from safetensors.torch import save_file as save_torch
        save_torch(model.state_dict(), f"{folder}/real_torch.safetensors")


def check(folder):
    """varlab's saves of the loaded net: the same arrays, bit for bit, under the same layer order."""
    original = state_dict()
    names = [f"{2 * i}.{part}" for i in range(len(SIZES) - 1) for part in ("weight", "bias")]
    mine = load_file(f"{folder}/from_varlab.safetensors")
    archive = np.load(f"{folder}/from_varlab.npz")
    meta = json.loads(archive["meta"].tobytes())
    for name in names:
        want = original["net." + name]
        for got in (mine[name], archive[name]):
            assert got.dtype == np.float32 and got.shape == want.shape, name
            assert np.array_equal(got.view(np.uint32), want.view(np.uint32)), name
    assert [layer["act"] for layer in meta["layers"]] == ["relu", "relu", "linear"], meta
    # varlab's own measurements as arrays: v.nets saved as .npz
    nets = np.load(f"{folder}/nets.npz")
    text = json.loads(nets["meta"].tobytes())
    print("ok", len(names), "arrays;", len(nets["v3"]), "nets, mean v3", repr(float(nets["v3"].mean())),
          "; text columns", sorted(text["text_columns"]))


if __name__ == "__main__":
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])

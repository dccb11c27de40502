"""Shared set-up of the kernel test scripts: a kernelspec for VARLAB_BINARY in a temporary
Jupyter path, quick mode when asked, and a fresh working folder."""
import os, subprocess, tempfile


def install(binary, tag, quick=False):
    prefix = tempfile.mkdtemp(prefix=f"varlab-kernel-{tag}-")
    subprocess.run([binary, "kernel", "install", "--prefix", prefix], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    if quick:
        os.environ["VARLAB_QUICK"] = "1"
    os.chdir(tempfile.mkdtemp(prefix=f"varlab-kernel-{tag}-cwd-"))


class Checks:
    """Counts checks and prints each failure; `summary()` is the closing line the suite reads."""

    def __init__(self):
        self.passed, self.failed = 0, 0

    def __call__(self, name, condition, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name}: {detail}", flush=True)

    def summary(self):
        return f"{self.passed} passed, {self.failed} failed"


def run(kc, code, timeout=60):
    """Executes a cell as a notebook would: the reply's content and the (type, content) outputs."""
    outputs = []
    reply = kc.execute_interactive(
        code, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), timeout=timeout)
    return reply["content"], outputs

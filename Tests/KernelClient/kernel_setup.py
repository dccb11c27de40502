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

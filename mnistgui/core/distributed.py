"""Training on several processes with torch.distributed: who is who, and what they share.

``torchrun --nproc_per_node=N -m mnistgui train ...`` starts N processes, each with ``RANK``,
``WORLD_SIZE`` and ``LOCAL_RANK`` in its environment; :func:`init_from_env` joins them into one
process group (gloo on the CPU, nccl on CUDA) with a timeout on every collective operation, so
a process that dies or hangs ends the run with a message instead of a hang. :class:`World` is
what the trainer asks: its rank and the number of processes (one, outside torchrun).

Every rank trains the same model on its own rows of every global batch. The gradients are
averaged by DistributedDataParallel; two things are made to agree with one process exactly:

- batch norm: :class:`GlobalBatchNorm2d` normalises with the statistics of the whole global
  batch (one all-reduce of the per-channel sums forwards, one backwards), so the model sees the
  same batch statistics as on one process. torch's ``SyncBatchNorm`` does the same on GPUs but
  refuses CPU tensors; this one works on both.
- metrics: :func:`gather_rows` puts every rank's rows of an evaluation back in order, so the
  validation and test figures are computed over the same logits as on one process.

Dropout is the one thing drawn per rank (each rank has its own stream), so runs with dropout
agree with one process in distribution, not bit for bit.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn

from mnistgui.core.errors import TrainingError

#: seconds a collective operation waits for the other processes before the run fails
DEFAULT_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class World:
    """This process's place among the training processes."""

    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def main(self) -> bool:
        """The process that writes files and prints (rank 0)."""
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1

    @classmethod
    def current(cls) -> "World":
        """The process group this process belongs to, or a world of one."""
        if dist.is_available() and dist.is_initialized():
            return cls(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0")))
        return cls()


def launched_by_torchrun(env=None) -> bool:
    env = os.environ if env is None else env
    return "WORLD_SIZE" in env and "RANK" in env


def init_from_env(device: str = "auto", timeout_s: float = DEFAULT_TIMEOUT_S) -> World:
    """Join the process group torchrun (or any launcher setting ``RANK``, ``WORLD_SIZE``,
    ``MASTER_ADDR`` and ``MASTER_PORT``) describes; a world of one without one.

    The backend follows the device: nccl where each process trains on a CUDA GPU (the one its
    ``LOCAL_RANK`` names), gloo on the CPU."""
    if not launched_by_torchrun() or int(os.environ["WORLD_SIZE"]) <= 1:
        return World()
    if dist.is_initialized():
        return World.current()
    if not dist.is_available():
        raise TrainingError("this build of torch has no torch.distributed; train in one process")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = device == "cuda" or (device == "auto" and torch.cuda.is_available())
    if cuda:
        if local_rank >= torch.cuda.device_count():
            raise TrainingError(f"process {local_rank} on this machine has no GPU of its own "
                                f"({torch.cuda.device_count()} found); start at most that many per machine")
        torch.cuda.set_device(local_rank)
    try:
        dist.init_process_group("nccl" if cuda else "gloo", timeout=timedelta(seconds=timeout_s))
    except (RuntimeError, ValueError) as exc:
        raise TrainingError(f"could not join the other training processes ({exc}); "
                            "check --rdzv-endpoint and that every machine can reach it") from None
    return World.current()


def shutdown() -> None:
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def is_lost_contact(exc: BaseException) -> bool:
    """``exc`` is a collective operation failing because another process ended, hung or could
    not be reached (gloo and nccl raise plain RuntimeErrors for it, or torch's DistError)."""
    if isinstance(exc, getattr(dist, "DistError", ())):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and any(
        k in text for k in ("gloo", "Gloo", "NCCL", "Connection closed", "Connection reset", "timed out", "Timed out"))


def lost_contact(exc: BaseException) -> str:
    """The message for a collective operation that failed: another process died or hung."""
    return (f"training stopped: the training processes lost contact ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}). One of them ended or hung; "
            "the checkpoint of the last finished epoch is kept; continue with --resume")


def _wire(t: torch.Tensor) -> torch.Tensor:
    """``t`` where the backend can send it: nccl sends GPU tensors only, gloo either."""
    if dist.get_backend() == "nccl" and t.device.type != "cuda":
        return t.to(torch.device("cuda", torch.cuda.current_device()))
    return t


def all_reduce_sum(t: torch.Tensor) -> torch.Tensor:
    """``t`` summed over all processes, in place (``t`` itself in a world of one)."""
    if World.current().distributed:
        w = _wire(t)
        dist.all_reduce(w, op=dist.ReduceOp.SUM)
        if w is not t:
            t.copy_(w)
    return t


def shard_rows(n: int, world: World) -> torch.Tensor:
    """The rows of ``n`` that ``world``'s process takes: every ``size``-th, from its rank."""
    return torch.arange(world.rank, max(n, world.rank), world.size)


def gather_rows(local: torch.Tensor, n: int, world: World) -> torch.Tensor:
    """The (n, ...) tensor whose rows ``shard_rows(n, rank)`` each rank computed as ``local``."""
    if not world.distributed or n == 0:
        return local
    per = -(-n // world.size)
    padded = local.new_zeros((per,) + tuple(local.shape[1:]))
    padded[: local.shape[0]] = local
    padded = _wire(padded)
    parts = [torch.empty_like(padded) for _ in range(world.size)]
    dist.all_gather(parts, padded.contiguous())
    parts = [p.to(local.device) for p in parts]
    out = local.new_empty((n,) + tuple(local.shape[1:]))
    for r, part in enumerate(parts):
        k = len(range(r, n, world.size))
        out[r::world.size] = part[:k]
    return out


# ---------------------------------------------------------------------------------------------
# Batch norm over the global batch


class _GlobalBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, momentum, eps):
        xf = x.float()
        c = x.shape[1]
        local_n = x.numel() // c
        stats = torch.cat([xf.sum(dim=(0, 2, 3)), (xf * xf).sum(dim=(0, 2, 3)),
                           torch.tensor([float(local_n)], device=x.device)])
        dist.all_reduce(stats, op=dist.ReduceOp.SUM)
        n = stats[-1]
        mean = stats[:c] / n
        var = (stats[c:2 * c] / n - mean * mean).clamp_(min=0.0)
        if running_mean is not None:
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
                running_var.mul_(1 - momentum).add_(var * (n / (n - 1).clamp(min=1)), alpha=momentum)
        invstd = torch.rsqrt(var + eps)
        xhat = (xf - mean.view(1, c, 1, 1)) * invstd.view(1, c, 1, 1)
        ctx.save_for_backward(xhat, weight, invstd, n)
        out = xhat * weight.view(1, c, 1, 1) + bias.view(1, c, 1, 1)
        return out.to(x.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        xhat, weight, invstd, n = ctx.saved_tensors
        c = xhat.shape[1]
        g = grad_out.float()
        # Each rank's loss is its share of the global mean times the world size (see
        # BatchStep), so its gradients are the world size times its true share: the sums below,
        # taken over all ranks, keep that scale, and DDP's average brings it back.
        local = torch.cat([g.sum(dim=(0, 2, 3)), (g * xhat).sum(dim=(0, 2, 3))])
        grad_bias, grad_weight = local[:c].clone(), local[c:].clone()
        dist.all_reduce(local, op=dist.ReduceOp.SUM)
        sum_g, sum_gx = local[:c], local[c:]
        k = (weight * invstd).view(1, c, 1, 1)
        grad_x = k * (g - (sum_g.view(1, c, 1, 1) + xhat * sum_gx.view(1, c, 1, 1)) / n)
        return grad_x.to(grad_out.dtype), grad_weight, grad_bias, None, None, None, None


class GlobalBatchNorm2d(nn.BatchNorm2d):
    """``BatchNorm2d`` that, while training in a process group, normalises with the statistics
    of the whole global batch; otherwise (one process, or evaluation) the plain layer."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not (self.training and dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1):
            return super().forward(x)
        self.num_batches_tracked.add_(1)
        return _GlobalBatchNorm.apply(x, self.weight, self.bias, self.running_mean, self.running_var,
                                      self.momentum, self.eps)


def _swap_batch_norm(module: nn.Module, cls: type) -> nn.Module:
    """``module`` with every BatchNorm2d replaced by a ``cls`` sharing its parameters and
    buffers (the state dict is unchanged)."""
    for name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d) and type(child) is not cls:
            new = cls(child.num_features, child.eps, child.momentum, child.affine, child.track_running_stats)
            new.weight, new.bias = child.weight, child.bias
            new.running_mean, new.running_var = child.running_mean, child.running_var
            new.num_batches_tracked = child.num_batches_tracked
            new.train(child.training)
            setattr(module, name, new)
        else:
            _swap_batch_norm(child, cls)
    return module


def global_batch_norm(module: nn.Module) -> nn.Module:
    return _swap_batch_norm(module, GlobalBatchNorm2d)


def plain_batch_norm(module: nn.Module) -> nn.Module:
    return _swap_batch_norm(module, nn.BatchNorm2d)


def wrap_model(model: nn.Module, device: torch.device, world: World) -> nn.Module:
    """The module to train with: ``model`` in DistributedDataParallel across ``world`` (its
    batch norms made global), or ``model`` itself in a world of one."""
    if not world.distributed:
        return model
    from torch.nn.parallel import DistributedDataParallel

    global_batch_norm(model)
    ids = [device.index if device.index is not None else torch.cuda.current_device()] if device.type == "cuda" else None
    # the batch norms' running statistics agree on every rank already: no buffer broadcast
    with warnings.catch_warnings():  # its successor (forward_sync_buffers) would still sync at init
        warnings.simplefilter("ignore", FutureWarning)
        return DistributedDataParallel(model, device_ids=ids, broadcast_buffers=False)

"""PyTorch reference for bench/autoencoder.bench.ts (not a dependency of npm test).

One training epoch of the Fig. 14 autoencoder, 400-256-64-1-64-256-400 with tanh hidden layers,
a linear latent and a tanh output, MSE, Adam (lr 1e-3), batch 64, over 4,000 configurations of
400 spins ±1, on one CPU thread. Prints one JSON line per repeat: wall and process CPU time in ms.

  OMP_NUM_THREADS=1 /usr/bin/python3 bench/reference/autoencoder_epoch.py [--repeats 5] [--vae]

--vae times the VAE 784-256-2 (ReLU hidden, sigmoid output, BCE summed over pixels + KL) epoch on
8,000 inputs of 784 values in [0, 1] instead.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(1)

repeats = int(sys.argv[sys.argv.index('--repeats') + 1]) if '--repeats' in sys.argv else 5
vae = '--vae' in sys.argv


class Fig14(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = torch.nn.Sequential(torch.nn.Linear(400, 256), torch.nn.Tanh(), torch.nn.Linear(256, 64), torch.nn.Tanh(), torch.nn.Linear(64, 1))
        self.dec = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.Tanh(), torch.nn.Linear(64, 256), torch.nn.Tanh(), torch.nn.Linear(256, 400), torch.nn.Tanh())

    def loss(self, x):
        return torch.mean((self.dec(self.enc(x)) - x) ** 2)


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4))
        self.dec = torch.nn.Sequential(torch.nn.Linear(2, 256), torch.nn.ReLU(), torch.nn.Linear(256, 784))

    def loss(self, x):
        h = self.enc(x)
        mu, logvar = h[:, :2], h[:, 2:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        recon = torch.nn.functional.binary_cross_entropy_with_logits(self.dec(z), x, reduction='sum')
        kl = 0.5 * torch.sum(mu ** 2 + torch.exp(logvar) - 1 - logvar)
        return (recon + kl) / x.shape[0]


if vae:
    model, count, width = Vae(), 8000, 784
    data = torch.rand(count, width)
else:
    model, count, width = Fig14(), 4000, 400
    data = torch.randint(0, 2, (count, width)).float() * 2 - 1
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
B = 64


def epoch():
    order = torch.randperm(count)
    for s in range(0, count, B):
        x = data[order[s:s + B]]
        opt.zero_grad()
        model.loss(x).backward()
        opt.step()


epoch()  # warm-up
for _ in range(repeats):
    c0 = time.process_time()
    t0 = time.perf_counter()
    epoch()
    print(json.dumps({'bench': 'vae.784-256-2' if vae else 'fig14.400-256-64-1', 'wall_ms': 1000 * (time.perf_counter() - t0), 'cpu_ms': 1000 * (time.process_time() - c0)}), flush=True)

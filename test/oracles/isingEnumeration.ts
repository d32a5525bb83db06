// Exact thermodynamics of a small periodic L×L Ising lattice (Eq. 14) by summing the
// Boltzmann weights (Eqs. 10–13) of all 2^N configurations. Written independently of the
// engine: its own bond list and its own energy, so a test against it checks the engine's.
// Feasible for N = L² ≤ 20 (L ≤ 4; L = 4 is 65 536 states).

export interface ExactIsing {
  logZ: number
  /** ⟨E⟩/N */
  energyPerSpin: number
  /** ⟨E²⟩/N² */
  energySquaredPerSpin2: number
  /** ⟨m⟩, ⟨|m|⟩, ⟨m²⟩ with m = M/N */
  magnetization: number
  absMagnetization: number
  magnetizationSquared: number
  /** C = (⟨E²⟩ − ⟨E⟩²)/(N T²), per spin */
  specificHeat: number
}

/** The 2N bonds (i, right neighbour) and (i, lower neighbour), periodic. */
function bonds(L: number): [number, number][] {
  const out: [number, number][] = []
  for (let y = 0; y < L; y++) {
    for (let x = 0; x < L; x++) {
      const i = y * L + x
      out.push([i, y * L + ((x + 1) % L)])
      out.push([i, ((y + 1) % L) * L + x])
    }
  }
  return out
}

export function isingEnumeration(L: number, T: number, J = 1, B = 0): ExactIsing {
  const N = L * L
  if (N > 20) throw new Error(`enumeration needs L² ≤ 20 (got L = ${L})`)
  if (!(T > 0)) throw new Error('T must be > 0')
  const bondList = bonds(L)
  const states = 2 ** N
  const E = new Float64Array(states)
  const M = new Float64Array(states)
  let Emin = Infinity
  for (let c = 0; c < states; c++) {
    const spin = (i: number): number => ((c >> i) & 1 ? 1 : -1)
    let sumBonds = 0
    for (const [i, j] of bondList) sumBonds += spin(i) * spin(j)
    let m = 0
    for (let i = 0; i < N; i++) m += spin(i)
    E[c] = -J * sumBonds - B * m
    M[c] = m
    if (E[c] < Emin) Emin = E[c]
  }
  // Weights relative to the ground state (no overflow at low T).
  let z = 0
  let sE = 0
  let sM = 0
  let sAbsM = 0
  let sM2 = 0
  for (let c = 0; c < states; c++) {
    const w = Math.exp(-(E[c] - Emin) / T)
    z += w
    sE += w * E[c]
    sM += w * M[c]
    sAbsM += w * Math.abs(M[c])
    sM2 += w * M[c] * M[c]
  }
  const meanE = sE / z
  let varE = 0
  for (let c = 0; c < states; c++) varE += Math.exp(-(E[c] - Emin) / T) * (E[c] - meanE) ** 2
  varE /= z
  return {
    logZ: Math.log(z) - Emin / T,
    energyPerSpin: meanE / N,
    energySquaredPerSpin2: (varE + meanE * meanE) / (N * N),
    magnetization: sM / z / N,
    absMagnetization: sAbsM / z / N,
    magnetizationSquared: sM2 / z / (N * N),
    specificHeat: varE / (N * T * T)
  }
}

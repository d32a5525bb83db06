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
  /** ⟨m⁴⟩ */
  magnetizationFourth: number
  /** χ = N(⟨m²⟩ − ⟨|m|⟩²)/T and U₄ = 1 − ⟨m⁴⟩/(3⟨m²⟩²), as the engine defines them */
  susceptibility: number
  binder: number
  /** ⟨σ_i σ_{i+r}⟩ along the axes, r = 0 … L/2 */
  correlation: number[]
  /** ⟨S(k_min)⟩/N with k_min = 2π/L, averaged over the x and y directions */
  lowestMode: number
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

interface States {
  bonds: Float64Array
  M: Float64Array
  G: Float64Array[]
  F: Float64Array
}

const cache = new Map<number, States>()

/** Per configuration: the bond sum Σσσ, M, G(r) along the axes and S(k_min)/N (independent of J, B, T). */
function statesOf(L: number): States {
  const hit = cache.get(L)
  if (hit) return hit
  const N = L * L
  const bondList = bonds(L)
  const states = 2 ** N
  const rMax = Math.floor(L / 2)
  const out: States = { bonds: new Float64Array(states), M: new Float64Array(states), G: Array.from({ length: rMax + 1 }, () => new Float64Array(states)), F: new Float64Array(states) }
  const spin = new Int8Array(N)
  for (let c = 0; c < states; c++) {
    for (let i = 0; i < N; i++) spin[i] = (c >> i) & 1 ? 1 : -1
    const at = (x: number, y: number): number => spin[(y % L) * L + (x % L)]
    let sumBonds = 0
    for (const [i, j] of bondList) sumBonds += spin[i] * spin[j]
    let m = 0
    for (let i = 0; i < N; i++) m += spin[i]
    out.bonds[c] = sumBonds
    out.M[c] = m
    for (let r = 0; r <= rMax; r++) {
      let g = 0
      for (let y = 0; y < L; y++) for (let x = 0; x < L; x++) g += at(x, y) * (at(x + r, y) + at(x, y + r))
      out.G[r][c] = g / (2 * N)
    }
    let rx = 0
    let ix = 0
    let ry = 0
    let iy = 0
    for (let y = 0; y < L; y++)
      for (let x = 0; x < L; x++) {
        const s = at(x, y)
        rx += s * Math.cos((2 * Math.PI * x) / L)
        ix += s * Math.sin((2 * Math.PI * x) / L)
        ry += s * Math.cos((2 * Math.PI * y) / L)
        iy += s * Math.sin((2 * Math.PI * y) / L)
      }
    out.F[c] = (rx * rx + ix * ix + ry * ry + iy * iy) / (2 * N * N)
  }
  cache.set(L, out)
  return out
}

export function isingEnumeration(L: number, T: number, J = 1, B = 0): ExactIsing {
  const N = L * L
  if (N > 20) throw new Error(`enumeration needs L² ≤ 20 (got L = ${L})`)
  if (!(T > 0)) throw new Error('T must be > 0')
  const st = statesOf(L)
  const states = 2 ** N
  const rMax = Math.floor(L / 2)
  const E = st.bonds.map((b, c) => -J * b - B * st.M[c])
  const M = st.M
  const G = st.G
  const F = st.F
  let Emin = Infinity
  for (let c = 0; c < states; c++) if (E[c] < Emin) Emin = E[c]
  // Weights relative to the ground state (no overflow at low T).
  let z = 0
  let sE = 0
  let sM = 0
  let sAbsM = 0
  let sM2 = 0
  let sM4 = 0
  let sF = 0
  const sG = new Float64Array(rMax + 1)
  for (let c = 0; c < states; c++) {
    const w = Math.exp(-(E[c] - Emin) / T)
    z += w
    sE += w * E[c]
    sM += w * M[c]
    sAbsM += w * Math.abs(M[c])
    sM2 += w * M[c] * M[c]
    sM4 += w * M[c] ** 4
    sF += w * F[c]
    for (let r = 0; r <= rMax; r++) sG[r] += w * G[r][c]
  }
  const meanE = sE / z
  let varE = 0
  for (let c = 0; c < states; c++) varE += Math.exp(-(E[c] - Emin) / T) * (E[c] - meanE) ** 2
  varE /= z
  const absM = sAbsM / z / N
  const m2 = sM2 / z / (N * N)
  const m4 = sM4 / z / N ** 4
  return {
    magnetizationFourth: m4,
    susceptibility: (N * (m2 - absM * absM)) / T,
    binder: 1 - m4 / (3 * m2 * m2),
    correlation: Array.from(sG, (g) => g / z),
    lowestMode: sF / z,
    logZ: Math.log(z) - Emin / T,
    energyPerSpin: meanE / N,
    energySquaredPerSpin2: (varE + meanE * meanE) / (N * N),
    magnetization: sM / z / N,
    absMagnetization: sAbsM / z / N,
    magnetizationSquared: sM2 / z / (N * N),
    specificHeat: varE / (N * T * T)
  }
}

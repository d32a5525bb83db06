// The plain TypeScript path of the three matrix products (row-major Float32Array), kept
// as the portable fallback and as the reference the WebAssembly path is tested against.
// Loop orders put the innermost index on contiguous memory; k runs in blocks so the rows
// of B being swept stay in cache while every row of A passes over them.

const KB = 128

/** C[M×N] (+)= A[M×K]·B[K×N]. */
export function matmulTs(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  if (!accumulate) C.fill(0, 0, M * N)
  for (let k0 = 0; k0 < K; k0 += KB) {
    const k1 = Math.min(K, k0 + KB)
    for (let i = 0; i < M; i++) {
      const ci = i * N
      const ai = i * K
      for (let k = k0; k < k1; k++) {
        const a = A[ai + k]
        // Inputs such as MNIST digits are mostly exact zeros: skipping them is free speed.
        if (a === 0) continue
        const bk = k * N
        for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j]
      }
    }
  }
}

/** C[M×N] (+)= Aᵀ·B with A stored K×M. */
export function matmulTransATs(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  if (!accumulate) C.fill(0, 0, M * N)
  for (let k = 0; k < K; k++) {
    const ak = k * M
    const bk = k * N
    for (let i = 0; i < M; i++) {
      const a = A[ak + i]
      if (a === 0) continue
      const ci = i * N
      for (let j = 0; j < N; j++) C[ci + j] += a * B[bk + j]
    }
  }
}

/** C[M×N] (+)= A·Bᵀ with B stored N×K: each entry a dot product of two contiguous rows. */
export function matmulTransBTs(A: Float32Array, B: Float32Array, C: Float32Array, M: number, K: number, N: number, accumulate = false): void {
  const K4 = K - (K % 4)
  for (let i = 0; i < M; i++) {
    const ai = i * K
    for (let j = 0; j < N; j++) {
      const bj = j * K
      // four partial sums break the add dependency chain
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      let k = 0
      for (; k < K4; k += 4) {
        s0 += A[ai + k] * B[bj + k]
        s1 += A[ai + k + 1] * B[bj + k + 1]
        s2 += A[ai + k + 2] * B[bj + k + 2]
        s3 += A[ai + k + 3] * B[bj + k + 3]
      }
      for (; k < K; k++) s0 += A[ai + k] * B[bj + k]
      const s = s0 + s1 + (s2 + s3)
      C[i * N + j] = accumulate ? C[i * N + j] + s : s
    }
  }
}

/** C[i][j] += b[j] for every row of C (M×N). */
export function addRowTs(C: Float32Array, M: number, N: number, b: Float32Array): void {
  for (let r = 0; r < M; r++) {
    const off = r * N
    for (let j = 0; j < N; j++) C[off + j] += b[j]
  }
}

/** out[j] = Σ_r A[r][j] over the rows of A (rows×cols), added in order. */
export function rowSumsTs(A: Float32Array, rows: number, cols: number, out: Float32Array): void {
  out.fill(0, 0, cols)
  for (let r = 0; r < rows; r++) {
    const off = r * cols
    for (let j = 0; j < cols; j++) out[j] += A[off + j]
  }
}

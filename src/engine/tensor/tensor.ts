// A tensor is a shape and a flat row-major Float32Array. Batches come first, so a batch of
// dense activations is [N, features] and a batch of images is NCHW [N, C, H, W]: the same
// buffer a dense layer sees as N rows of C·H·W features.

export interface Tensor {
  shape: number[]
  data: Float32Array
}

/** Number of elements of a shape (1 for a scalar []). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`bad tensor dimension ${d} in [${shape.join(', ')}]`)
    n *= d
  }
  return n
}

export function zeros(shape: readonly number[]): Tensor {
  return { shape: [...shape], data: new Float32Array(sizeOf(shape)) }
}

/** Wrap existing data (no copy); the length must match the shape. */
export function tensor(shape: readonly number[], data: Float32Array): Tensor {
  const n = sizeOf(shape)
  if (data.length !== n) throw new Error(`tensor data has ${data.length} elements, shape [${shape.join(', ')}] needs ${n}`)
  return { shape: [...shape], data }
}

/** Row-major strides in elements: strides([N, C, H, W]) = [C·H·W, H·W, W, 1]. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc
    acc *= shape[i]
  }
  return s
}

/** Same data seen with another shape of the same size (e.g. NCHW → [N, C·H·W]). */
export function reshape(t: Tensor, shape: readonly number[]): Tensor {
  return tensor(shape, t.data)
}

/** Flat index of element (n, c, h, w) of an NCHW tensor. */
export function indexNCHW(shape: readonly number[], n: number, c: number, h: number, w: number): number {
  return ((n * shape[1] + c) * shape[2] + h) * shape[3] + w
}

/** Rows [start, start+count) of the leading axis, as a view (no copy). */
export function sliceRows(t: Tensor, start: number, count: number): Tensor {
  const row = sizeOf(t.shape.slice(1))
  return { shape: [count, ...t.shape.slice(1)], data: t.data.subarray(start * row, (start + count) * row) }
}

export function clone(t: Tensor): Tensor {
  return { shape: [...t.shape], data: t.data.slice() }
}

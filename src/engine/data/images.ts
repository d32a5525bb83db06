// A labelled set of grey-level images, the common form of every image dataset the lab
// trains on (the bundled MNIST digits, an imported IDX file): pixels as bytes 0..255.

export interface LabeledImages {
  count: number
  rows: number
  cols: number
  /** Number of classes (labels are 0..classes−1). */
  classes: number
  /** count·rows·cols bytes, image after image, row-major. */
  pixels: Uint8Array
  /** count labels. */
  labels: Uint8Array
}

/** Check the sizes agree and every label is a class; throws a clear Error otherwise. */
export function checkImages(d: LabeledImages): LabeledImages {
  const px = d.rows * d.cols
  if (!(d.count > 0 && d.rows > 0 && d.cols > 0)) throw new Error(`empty dataset: ${d.count} images of ${d.rows}×${d.cols}`)
  if (d.pixels.length !== d.count * px)
    throw new Error(`dataset has ${d.pixels.length} pixel bytes, ${d.count} images of ${d.rows}×${d.cols} need ${d.count * px}`)
  if (d.labels.length !== d.count) throw new Error(`dataset has ${d.labels.length} labels for ${d.count} images`)
  for (let i = 0; i < d.count; i++)
    if (d.labels[i] >= d.classes) throw new Error(`label ${d.labels[i]} of image ${i} is not one of the ${d.classes} classes`)
  return d
}

/** How many images of each class. */
export function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const c = new Array<number>(classes).fill(0)
  for (let i = 0; i < labels.length; i++) c[labels[i]]++
  return c
}

/** A dataset as far as the memory it takes goes: its size, not its pixels. */
export type ImageSetShape = Pick<LabeledImages, 'count' | 'rows' | 'cols' | 'classes'>

/** Bytes of a dataset: its pixels and labels, a byte each. */
export const imageSetBytes = (d: ImageSetShape): number => d.count * (d.rows * d.cols + 1)

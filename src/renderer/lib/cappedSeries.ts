// The live charts keep only the most recent points: a chart of 10^6 points redrawn ten
// times a second would stall the page, and the recent window is what a user watching a
// temperature change wants to see. Trimming is amortised: we let the arrays grow 25 % past
// the cap, then cut back to the cap in one splice.

export class CappedSeries {
  readonly x: number[] = []
  readonly y: Record<string, number[]> = {}

  constructor(
    readonly cap: number,
    readonly names: readonly string[]
  ) {
    for (const n of names) this.y[n] = []
  }

  get length(): number {
    return this.x.length
  }

  push(step: number, row: Record<string, number>): void {
    this.x.push(step)
    for (const n of this.names) this.y[n].push(row[n] ?? Number.NaN)
    if (this.x.length > this.cap + (this.cap >> 2)) this.trim()
  }

  /** Replace the content with stored history (e.g. on reattaching to a running job). */
  load(steps: ArrayLike<number>, values: Record<string, ArrayLike<number>>): void {
    this.clear()
    const from = Math.max(0, steps.length - this.cap)
    for (let i = from; i < steps.length; i++) {
      this.x.push(steps[i])
      for (const n of this.names) this.y[n].push(values[n]?.[i] ?? Number.NaN)
    }
  }

  clear(): void {
    this.x.length = 0
    for (const n of this.names) this.y[n].length = 0
  }

  private trim(): void {
    const drop = this.x.length - this.cap
    this.x.splice(0, drop)
    for (const n of this.names) this.y[n].splice(0, drop)
  }
}

;; Adam's update (optimizer.ts, adam) in WebAssembly SIMD, two parameters per f64x2, for
;; adamWasm.ts. Compiled by scripts/build-wasm.ts into adamWasm.generated.ts.
;;
;; Bit for bit the TypeScript loop: every float32 number is widened to float64, the update is
;; done in float64 with the same operations in the same order (no fused multiply-add;
;; f64x2.sqrt and f64x2.div round correctly, as Math.sqrt and / do), and m, v, w are rounded
;; to float32 only when stored — the weight step uses the unrounded moments, as in the loop:
;;
;;   m ← β1·m + (1−β1)·g        v ← β2·v + ((1−β2)·g)·g
;;   w ← w − (η·(m·c1)) / (√(v·c2) + ε)        c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ)
;;
;; The memory (imported: one per optimiser) holds four float32 arrays of n numbers at the byte
;; offsets given: w and g (copied in for each step, w copied out), m and v (kept between steps).
(module
  (import "env" "memory" (memory 1))

  (func (export "step")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $beta1 f64) (param $oneMinusBeta1 f64) (param $beta2 f64) (param $oneMinusBeta2 f64)
    (param $lr f64) (param $c1 f64) (param $c2 f64) (param $eps f64)
    (local $end i32)
    (local $B1 v128) (local $A1 v128) (local $B2 v128) (local $A2 v128)
    (local $LR v128) (local $C1 v128) (local $C2 v128) (local $EPS v128)
    (local $gi v128) (local $mi v128) (local $vi v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $B1 (f64x2.splat (local.get $beta1)))
    (local.set $A1 (f64x2.splat (local.get $oneMinusBeta1)))
    (local.set $B2 (f64x2.splat (local.get $beta2)))
    (local.set $A2 (f64x2.splat (local.get $oneMinusBeta2)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    ;; byte offset of the last pair's end: pairs while w + 8 ≤ end
    (local.set $end (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $gi (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
        (local.set $mi
          (f64x2.add
            (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $m))))
            (f64x2.mul (local.get $A1) (local.get $gi))))
        (local.set $vi
          (f64x2.add
            (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $v))))
            (f64x2.mul (f64x2.mul (local.get $A2) (local.get $gi)) (local.get $gi))))
        (v128.store64_lane 0 (local.get $m) (f32x4.demote_f64x2_zero (local.get $mi)))
        (v128.store64_lane 0 (local.get $v) (f32x4.demote_f64x2_zero (local.get $vi)))
        (v128.store64_lane 0 (local.get $w)
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $w)))
              (f64x2.div
                (f64x2.mul (local.get $LR) (f64x2.mul (local.get $mi) (local.get $C1)))
                (f64x2.add (f64x2.sqrt (f64x2.mul (local.get $vi) (local.get $C2))) (local.get $EPS))))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 8)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
        (br $pairs)))
    ;; an odd n leaves one number: the same update in scalar float64
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $gs (f64.promote_f32 (f32.load (local.get $g))))
        (local.set $ms
          (f64.add
            (f64.mul (local.get $beta1) (f64.promote_f32 (f32.load (local.get $m))))
            (f64.mul (local.get $oneMinusBeta1) (local.get $gs))))
        (local.set $vs
          (f64.add
            (f64.mul (local.get $beta2) (f64.promote_f32 (f32.load (local.get $v))))
            (f64.mul (f64.mul (local.get $oneMinusBeta2) (local.get $gs)) (local.get $gs))))
        (f32.store (local.get $m) (f32.demote_f64 (local.get $ms)))
        (f32.store (local.get $v) (f32.demote_f64 (local.get $vs)))
        (f32.store (local.get $w)
          (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (local.get $w)))
              (f64.div
                (f64.mul (local.get $lr) (f64.mul (local.get $ms) (local.get $c1)))
                (f64.add (f64.sqrt (f64.mul (local.get $vs) (local.get $c2))) (local.get $eps)))))))))
)

;; tanh (Eq. 38) of a float32 array and its backward pass in WebAssembly SIMD, two numbers
;; per f64x2, for activationWasm.ts. Compiled by scripts/build-wasm.ts into
;; activationWasm.generated.ts.
;;
;; Bit for bit tanhFloat32 of activations.ts: the same clamp, the same rational function with
;; the same float64 coefficients evaluated in the same order (no fused multiply-add; the
;; division rounds correctly as / does), z itself below |z| = 4e-4, rounded to float32 only
;; when stored. Both branches are computed and the lanes pick theirs.
(module
  (import "env" "memory" (memory 1))

  ;; y[i] = tanh z[i] for n floats, in place at byte offset $p.
  (func (export "tanh") (param $p i32) (param $n i32)
    (local $end i32) (local $z v128) (local $x v128) (local $x2 v128) (local $num v128) (local $den v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128) (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128) (local $k9 v128) (local $k10 v128) (local $k11 v128) (local $k12 v128) (local $k13 v128)
    (local $zs f64) (local $xs f64) (local $x2s f64) (local $nums f64) (local $dens f64)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    ;; the constants in registers, not rebuilt in every iteration
    (local.set $k0 (f64x2.splat (f64.const 7.90531110763549805)))
    (local.set $k1 (f64x2.splat (f64.const -7.90531110763549805)))
    (local.set $k2 (f64x2.splat (f64.const 4.89352455891786e-3)))
    (local.set $k3 (f64x2.splat (f64.const 6.37261928875436e-4)))
    (local.set $k4 (f64x2.splat (f64.const 1.48572235717979e-5)))
    (local.set $k5 (f64x2.splat (f64.const 5.12229709037114e-8)))
    (local.set $k6 (f64x2.splat (f64.const -8.60467152213735e-11)))
    (local.set $k7 (f64x2.splat (f64.const 2.00018790482477e-13)))
    (local.set $k8 (f64x2.splat (f64.const -2.76076847742355e-16)))
    (local.set $k9 (f64x2.splat (f64.const 4.89352518554385e-3)))
    (local.set $k10 (f64x2.splat (f64.const 2.268434632439e-3)))
    (local.set $k11 (f64x2.splat (f64.const 1.18534705686654e-4)))
    (local.set $k12 (f64x2.splat (f64.const 1.19825839466702e-6)))
    (local.set $k13 (f64x2.splat (f64.const 4e-4)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $z (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
        ;; x = z > C ? C : z < −C ? −C : z  (NaN passes through)
        (local.set $x
          (v128.bitselect
            (local.get $k0)
            (v128.bitselect
              (local.get $k1)
              (local.get $z)
              (f64x2.lt (local.get $z) (local.get $k1)))
            (f64x2.gt (local.get $z) (local.get $k0))))
        (local.set $x2 (f64x2.mul (local.get $x) (local.get $x)))
        (local.set $num
          (f64x2.mul (local.get $x)
            (f64x2.add (local.get $k2) (f64x2.mul (local.get $x2)
            (f64x2.add (local.get $k3) (f64x2.mul (local.get $x2)
            (f64x2.add (local.get $k4) (f64x2.mul (local.get $x2)
            (f64x2.add (local.get $k5) (f64x2.mul (local.get $x2)
            (f64x2.add (local.get $k6) (f64x2.mul (local.get $x2)
            (f64x2.add (local.get $k7) (f64x2.mul (local.get $x2)
              (local.get $k8)))))))))))))))
        (local.set $den
          (f64x2.add (local.get $k9) (f64x2.mul (local.get $x2)
          (f64x2.add (local.get $k10) (f64x2.mul (local.get $x2)
          (f64x2.add (local.get $k11) (f64x2.mul (local.get $x2)
            (local.get $k12))))))))
        (v128.store64_lane 0 (local.get $p)
          (f32x4.demote_f64x2_zero
            (v128.bitselect
              (local.get $x)
              (f64x2.div (local.get $num) (local.get $den))
              (f64x2.lt (f64x2.abs (local.get $x)) (local.get $k13)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $pairs)))
    ;; an odd n leaves one number: the same in scalar float64
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $zs (f64.promote_f32 (f32.load (local.get $p))))
        (local.set $xs
          (select (f64.const 7.90531110763549805)
            (select (f64.const -7.90531110763549805) (local.get $zs) (f64.lt (local.get $zs) (f64.const -7.90531110763549805)))
            (f64.gt (local.get $zs) (f64.const 7.90531110763549805))))
        (local.set $x2s (f64.mul (local.get $xs) (local.get $xs)))
        (local.set $nums
          (f64.mul (local.get $xs)
            (f64.add (f64.const 4.89352455891786e-3) (f64.mul (local.get $x2s)
            (f64.add (f64.const 6.37261928875436e-4) (f64.mul (local.get $x2s)
            (f64.add (f64.const 1.48572235717979e-5) (f64.mul (local.get $x2s)
            (f64.add (f64.const 5.12229709037114e-8) (f64.mul (local.get $x2s)
            (f64.add (f64.const -8.60467152213735e-11) (f64.mul (local.get $x2s)
            (f64.add (f64.const 2.00018790482477e-13) (f64.mul (local.get $x2s)
              (f64.const -2.76076847742355e-16)))))))))))))))
        (local.set $dens
          (f64.add (f64.const 4.89352518554385e-3) (f64.mul (local.get $x2s)
          (f64.add (f64.const 2.268434632439e-3) (f64.mul (local.get $x2s)
          (f64.add (f64.const 1.18534705686654e-4) (f64.mul (local.get $x2s)
            (f64.const 1.19825839466702e-6))))))))
        (f32.store (local.get $p)
          (f32.demote_f64
            (select
              (local.get $xs)
              (f64.div (local.get $nums) (local.get $dens))
              (f64.lt (f64.abs (local.get $xs)) (f64.const 4e-4))))))))
;; dz[i] = dy[i]·(1 − y[i]²) for n floats (tanh' from the output, Eqs. 44–45): the TypeScript
  ;; loop's float64 operations in its order (y² is exact in float64), rounded once to float32.
  (func (export "tanhBackward") (param $y i32) (param $dy i32) (param $dz i32) (param $n i32)
    (local $end i32) (local $yv v128) (local $ys f64)
    (local.set $end (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $yv (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $y))))
        (v128.store64_lane 0 (local.get $dz)
          (f32x4.demote_f64x2_zero
            (f64x2.mul
              (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $dy)))
              (f64x2.sub (v128.const f64x2 1 1) (f64x2.mul (local.get $yv) (local.get $yv))))))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 8)))
        (local.set $dz (i32.add (local.get $dz) (i32.const 8)))
        (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $ys (f64.promote_f32 (f32.load (local.get $y))))
        (f32.store (local.get $dz)
          (f32.demote_f64
            (f64.mul
              (f64.promote_f32 (f32.load (local.get $dy)))
              (f64.sub (f64.const 1) (f64.mul (local.get $ys) (local.get $ys)))))))))
)

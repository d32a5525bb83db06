;; Multi-spin coded Metropolis with 128 spins per v128 (WebAssembly SIMD): the method of
;; multispin.ts, whose header explains the bit logic, four 32-bit words at a time. Compiled by
;; scripts/build-wasm.ts into multispinWasm.generated.ts; driven by multispinSimd.ts.
;;
;; Layout (L a multiple of 128, V = L/128 vectors per row, W = 4V words per row): lane j of
;; vector (y, v) is word w = v + jV of the 32-bit layout (bit k = the spin at x = k·W + w). So
;; a lane's ±x neighbours are the same lane of vectors v ± 1, except at the row ends, where the
;; neighbour is the vector at the other end with its lanes moved by one and the lane that
;; wrapped rotated by one bit. ±y neighbours are the same vector in the rows above and below.
;; Colour: lane j of vector v in row y has (w + y) mod 2 = (v + jV + y) mod 2. For even V a
;; vector is one colour and a pass updates every other vector; for odd V the lanes alternate
;; and a pass updates two lanes of every vector.
;;
;; Random numbers: lane j draws from its own xoshiro128** stream (the four states are the
;; four lanes of S0…S3). All open classes go digit by digit together: digit k of every class
;; reads the same word, drawn in a lane only while some class still has an undecided spin
;; there. multispin.ts goes class after class and reuses the words a class before it drew, so
;; it draws the same words in the same order: each lane runs the 32-bit algorithm word for
;; word, and the whole pass is multispin.ts's pass with four streams (tested bit for bit). A
;; lane that needs no digit keeps its stream unchanged (bitselect of old and new state).
;; Going digit by digit rather than class by class leaves one loop exit per vector to
;; mispredict instead of one per class, and needs no cache of drawn words.
;;
;; Memory (imported, laid out by multispinSimd.ts; byte offsets):
;;   0     S0 S1 S2 S3: the xoshiro128** states, lane j = stream j
;;   64    10 × i32: −1 where class c = 2a + (σ = +1) always flips, else 0
;;   104   i32: the number of open entries
;;   112   ≤ 10 open entries of 16 bytes: 16·a, selU, selD (−1/0: which spin values of the
;;         class are open), digits ⌊p·2^32⌋ (as i32)
;;   272   5 × v128: the masks m_a (a = 0…4) of the current vector
;;   352   ≤ 10 × v128: the undecided spins of each open entry
;;   1024  the lattice, row y at 1024 + y·16V
(module
  (import "env" "memory" (memory 1))

  (func $pass (param $L i32) (param $color i32)
    (local $V i32) (local $rowBytes i32) (local $y i32) (local $v i32) (local $step i32)
    (local $row i32) (local $up i32) (local $down i32) (local $p i32) (local $off i32)
    (local $nOpen i32) (local $e i32) (local $end i32) (local $k i32)
    (local $S0 v128) (local $S1 v128) (local $S2 v128) (local $S3 v128)
    (local $N0 v128) (local $N1 v128) (local $N2 v128) (local $N3 v128) (local $t v128)
    (local $cD0 v128) (local $cU0 v128) (local $cD1 v128) (local $cU1 v128) (local $cD2 v128)
    (local $cU2 v128) (local $cD3 v128) (local $cU3 v128) (local $cD4 v128) (local $cU4 v128)
    (local $mask v128) (local $s v128) (local $left v128) (local $right v128)
    (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $d4 v128)
    (local $x1 v128) (local $x2 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (local $flip v128) (local $undecided v128) (local $adv v128) (local $r v128)

    (local.set $V (i32.shr_u (local.get $L) (i32.const 7)))
    (local.set $rowBytes (i32.shl (local.get $V) (i32.const 4)))
    (local.set $S0 (v128.load (i32.const 0)))
    (local.set $S1 (v128.load (i32.const 16)))
    (local.set $S2 (v128.load (i32.const 32)))
    (local.set $S3 (v128.load (i32.const 48)))
    (local.set $cD0 (v128.load32_splat (i32.const 64)))
    (local.set $cU0 (v128.load32_splat (i32.const 68)))
    (local.set $cD1 (v128.load32_splat (i32.const 72)))
    (local.set $cU1 (v128.load32_splat (i32.const 76)))
    (local.set $cD2 (v128.load32_splat (i32.const 80)))
    (local.set $cU2 (v128.load32_splat (i32.const 84)))
    (local.set $cD3 (v128.load32_splat (i32.const 88)))
    (local.set $cU3 (v128.load32_splat (i32.const 92)))
    (local.set $cD4 (v128.load32_splat (i32.const 96)))
    (local.set $cU4 (v128.load32_splat (i32.const 100)))
    (local.set $nOpen (i32.load (i32.const 104)))
    (local.set $end (i32.add (i32.const 352) (i32.shl (local.get $nOpen) (i32.const 4))))
    ;; odd V: every vector, two lanes of it; even V: every other vector, all lanes
    (local.set $step (i32.sub (i32.const 2) (i32.and (local.get $V) (i32.const 1))))
    (local.set $mask (v128.const i32x4 -1 -1 -1 -1))

    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $row (i32.add (i32.const 1024) (i32.mul (local.get $y) (local.get $rowBytes))))
      (local.set $up (i32.sub
        (if (result i32) (i32.eqz (local.get $y))
          (then (i32.add (i32.const 1024) (i32.mul (i32.sub (local.get $L) (i32.const 1)) (local.get $rowBytes))))
          (else (i32.sub (local.get $row) (local.get $rowBytes))))
        (local.get $row)))
      (local.set $down (i32.sub
        (if (result i32) (i32.eq (local.get $y) (i32.sub (local.get $L) (i32.const 1)))
          (then (i32.const 1024))
          (else (i32.add (local.get $row) (local.get $rowBytes))))
        (local.get $row)))
      (local.set $v (if (result i32) (i32.eq (local.get $step) (i32.const 2))
        (then (i32.and (i32.add (local.get $y) (local.get $color)) (i32.const 1)))
        (else (i32.const 0))))
      (block $rowDone
        (loop $vectors
          (br_if $rowDone (i32.ge_u (local.get $v) (local.get $V)))
          (local.set $p (i32.add (local.get $row) (i32.shl (local.get $v) (i32.const 4))))
          (if (i32.eq (local.get $step) (i32.const 1))
            (then
              (local.set $mask
                (if (result v128) (i32.and (i32.add (i32.add (local.get $v) (local.get $y)) (local.get $color)) (i32.const 1))
                  (then (v128.const i32x4 0 -1 0 -1))
                  (else (v128.const i32x4 -1 0 -1 0))))))
          (local.set $s (v128.load (local.get $p)))
          ;; left: at v = 0, lane j takes lane j − 1 of the last vector, lane 0 its lane 3 rotated left
          (local.set $left
            (if (result v128) (i32.eqz (local.get $v))
              (then
                (local.set $t (i8x16.shuffle 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11
                  (v128.load (i32.sub (i32.add (local.get $row) (local.get $rowBytes)) (i32.const 16)))
                  (v128.const i32x4 0 0 0 0)))
                (v128.bitselect
                  (v128.or (i32x4.shl (local.get $t) (i32.const 1)) (i32x4.shr_u (local.get $t) (i32.const 31)))
                  (local.get $t)
                  (v128.const i32x4 -1 0 0 0)))
              (else (v128.load (i32.sub (local.get $p) (i32.const 16))))))
          ;; right: at v = V − 1, lane j takes lane j + 1 of the first vector, lane 3 its lane 0 rotated right
          (local.set $right
            (if (result v128) (i32.eq (local.get $v) (i32.sub (local.get $V) (i32.const 1)))
              (then
                (local.set $t (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3
                  (v128.load (local.get $row))
                  (v128.const i32x4 0 0 0 0)))
                (v128.bitselect
                  (v128.or (i32x4.shr_u (local.get $t) (i32.const 1)) (i32x4.shl (local.get $t) (i32.const 31)))
                  (local.get $t)
                  (v128.const i32x4 0 0 0 -1)))
              (else (v128.load offset=16 (local.get $p)))))
          ;; a = number of anti-aligned neighbours, as three bit planes a2 a1 a0
          (local.set $d1 (v128.xor (local.get $s) (v128.load (i32.add (local.get $p) (local.get $up)))))
          (local.set $d2 (v128.xor (local.get $s) (v128.load (i32.add (local.get $p) (local.get $down)))))
          (local.set $d3 (v128.xor (local.get $s) (local.get $left)))
          (local.set $d4 (v128.xor (local.get $s) (local.get $right)))
          (local.set $x1 (v128.xor (local.get $d1) (local.get $d2)))
          (local.set $x2 (v128.xor (local.get $d3) (local.get $d4)))
          (local.set $k1 (v128.and (local.get $d1) (local.get $d2)))
          (local.set $k2 (v128.and (local.get $d3) (local.get $d4)))
          (local.set $k3 (v128.and (local.get $x1) (local.get $x2)))
          (local.set $a0 (v128.xor (local.get $x1) (local.get $x2)))
          (local.set $a1 (v128.xor (v128.xor (local.get $k1) (local.get $k2)) (local.get $k3)))
          (local.set $a2 (v128.and (local.get $k1) (local.get $k2)))
          (local.set $m0 (v128.not (v128.or (v128.or (local.get $a0) (local.get $a1)) (local.get $a2))))
          (local.set $m1 (v128.andnot (local.get $a0) (local.get $a1)))
          (local.set $m2 (v128.andnot (local.get $a1) (local.get $a0)))
          (local.set $m3 (v128.and (local.get $a0) (local.get $a1)))
          ;; the classes that always flip
          (local.set $flip (v128.and (local.get $mask)
            (v128.or
              (v128.or
                (v128.and (local.get $m0) (v128.bitselect (local.get $cU0) (local.get $cD0) (local.get $s)))
                (v128.and (local.get $m1) (v128.bitselect (local.get $cU1) (local.get $cD1) (local.get $s))))
              (v128.or
                (v128.or
                  (v128.and (local.get $m2) (v128.bitselect (local.get $cU2) (local.get $cD2) (local.get $s)))
                  (v128.and (local.get $m3) (v128.bitselect (local.get $cU3) (local.get $cD3) (local.get $s))))
                (v128.and (local.get $a2) (v128.bitselect (local.get $cU4) (local.get $cD4) (local.get $s)))))))
;; the open classes, all at once digit by digit: digit k of every class reads the same
          ;; random word, drawn in the lanes where some class still has an undecided spin
          (if (local.get $nOpen)
            (then
              (v128.store (i32.const 272) (local.get $m0))
              (v128.store (i32.const 288) (local.get $m1))
              (v128.store (i32.const 304) (local.get $m2))
              (v128.store (i32.const 320) (local.get $m3))
              (v128.store (i32.const 336) (local.get $a2))
              (local.set $undecided (v128.const i32x4 0 0 0 0))
              (local.set $e (i32.const 112))
              (local.set $off (i32.const 352))
              (loop $init
                (local.set $t (v128.and (v128.and (local.get $mask) (v128.load offset=272 (i32.load (local.get $e))))
                  (v128.bitselect (v128.load32_splat offset=4 (local.get $e)) (v128.load32_splat offset=8 (local.get $e)) (local.get $s))))
                (v128.store (local.get $off) (local.get $t))
                (local.set $undecided (v128.or (local.get $undecided) (local.get $t)))
                (local.set $e (i32.add (local.get $e) (i32.const 16)))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br_if $init (i32.lt_u (local.get $off) (local.get $end))))
              (local.set $k (i32.const 0))
              (block $decided
                (loop $digits
                  ;; lanes with an undecided spin draw: one xoshiro128** step there, none elsewhere
                  (local.set $adv (i32x4.ne (local.get $undecided) (v128.const i32x4 0 0 0 0)))
                  (br_if $decided (i32.eqz (v128.any_true (local.get $adv))))
                  ;; r = rotl(S1·5, 7)·9, the multiplications as shifts and adds
                  (local.set $r (i32x4.add (local.get $S1) (i32x4.shl (local.get $S1) (i32.const 2))))
                  (local.set $r (v128.or (i32x4.shl (local.get $r) (i32.const 7)) (i32x4.shr_u (local.get $r) (i32.const 25))))
                  (local.set $r (i32x4.add (local.get $r) (i32x4.shl (local.get $r) (i32.const 3))))
                  (local.set $N2 (v128.xor (local.get $S2) (local.get $S0)))
                  (local.set $N3 (v128.xor (local.get $S3) (local.get $S1)))
                  (local.set $N1 (v128.xor (local.get $S1) (local.get $N2)))
                  (local.set $N0 (v128.xor (local.get $S0) (local.get $N3)))
                  (local.set $N2 (v128.xor (local.get $N2) (i32x4.shl (local.get $S1) (i32.const 9))))
                  (local.set $N3 (v128.or (i32x4.shl (local.get $N3) (i32.const 11)) (i32x4.shr_u (local.get $N3) (i32.const 21))))
                  (local.set $S0 (v128.bitselect (local.get $N0) (local.get $S0) (local.get $adv)))
                  (local.set $S1 (v128.bitselect (local.get $N1) (local.get $S1) (local.get $adv)))
                  (local.set $S2 (v128.bitselect (local.get $N2) (local.get $S2) (local.get $adv)))
                  (local.set $S3 (v128.bitselect (local.get $N3) (local.get $S3) (local.get $adv)))
                  ;; each class: digit 1 of p accepts the spins reading 0 and keeps those reading 1
                  ;; undecided; digit 0 rejects those reading 1 and keeps those reading 0
                  (local.set $undecided (v128.const i32x4 0 0 0 0))
                  (local.set $e (i32.const 112))
                  (local.set $off (i32.const 352))
                  (loop $classes
                    (local.set $t (v128.load (local.get $off)))
                    (local.set $d1 (i32x4.splat (i32.shr_s (i32.shl (i32.load offset=12 (local.get $e)) (local.get $k)) (i32.const 31))))
                    (local.set $flip (v128.or (local.get $flip) (v128.and (v128.andnot (local.get $t) (local.get $r)) (local.get $d1))))
                    (local.set $t (v128.andnot (local.get $t) (v128.xor (local.get $r) (local.get $d1))))
                    (v128.store (local.get $off) (local.get $t))
                    (local.set $undecided (v128.or (local.get $undecided) (local.get $t)))
                    (local.set $e (i32.add (local.get $e) (i32.const 16)))
                    (local.set $off (i32.add (local.get $off) (i32.const 16)))
                    (br_if $classes (i32.lt_u (local.get $off) (local.get $end))))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  ;; after 32 digits a tie is a rejection: p is ⌊p·2^32⌋/2^32
                  (br_if $digits (i32.lt_u (local.get $k) (i32.const 32)))))))
          (v128.store (local.get $p) (v128.xor (local.get $s) (local.get $flip)))
          (local.set $v (i32.add (local.get $v) (local.get $step)))
          (br $vectors)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $y) (local.get $L))))

    (v128.store (i32.const 0) (local.get $S0))
    (v128.store (i32.const 16) (local.get $S1))
    (v128.store (i32.const 32) (local.get $S2))
    (v128.store (i32.const 48) (local.get $S3)))

  ;; One sweep: both colours.
  (func (export "sweep") (param $L i32)
    (call $pass (local.get $L) (i32.const 0))
    (call $pass (local.get $L) (i32.const 1)))
)

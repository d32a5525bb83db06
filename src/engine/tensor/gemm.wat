;; Single-precision matrix product for the engine, hand-written in WebAssembly text with
;; 128-bit SIMD (f32x4). Compiled by scripts/build-wasm.ts into gemmWasm.generated.ts.
;;
;;   C[M×N] (+)= A·B
;;
;; A(i,k) sits at byte  a + i·ais + k·aks   (so one kernel serves A and Aᵀ: pass the strides)
;; B(k,j) sits at byte  b + k·ldb + 4j      (rows of B contiguous: the SIMD lanes run along j)
;; C(i,j) sits at byte  c + i·ldc + 4j
;;
;; Aᵀ·B is the same kernel with the A strides swapped; A·Bᵀ first transposes B into scratch
;; (see $transpose). A dense layer's bias is added to C here ($addRow) and its gradient summed
;; from A here ($columnSums), while the operands are in this memory. The JS side owns the
;; memory layout; this module only computes.
;;
;; Register blocking: a 4×8 tile of C lives in 8 f32x4 accumulators while k runs, each A value
;; is broadcast (load32_splat) and multiplied into two B vectors: 64 flops per 6 loads.
;; Cache blocking: k runs in blocks of KB so the 8-column B panel (KB rows) stays in L1 while
;; every 4-row block of A passes over it.
(module
  (memory (export "memory") 16)

  (global $KB i32 (i32.const 256))

  ;; ---- 4 rows × 8 columns ----------------------------------------------------------------
  (func $k4x8
    (param $a i32) (param $ais i32) (param $aks i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32)
    (param $K i32) (param $acc i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $k i32)
    (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $x00 v128) (local $x01 v128) (local $x10 v128) (local $x11 v128)
    (local $x20 v128) (local $x21 v128) (local $x30 v128) (local $x31 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $ais)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ais)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ais)))
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (local.get $acc)
      (then
        (local.set $x00 (v128.load (local.get $c)))
        (local.set $x01 (v128.load offset=16 (local.get $c)))
        (local.set $x10 (v128.load (local.get $c1)))
        (local.set $x11 (v128.load offset=16 (local.get $c1)))
        (local.set $x20 (v128.load (local.get $c2)))
        (local.set $x21 (v128.load offset=16 (local.get $c2)))
        (local.set $x30 (v128.load (local.get $c3)))
        (local.set $x31 (v128.load offset=16 (local.get $c3))))
      (else
        (local.set $x00 (v128.const i32x4 0 0 0 0))
        (local.set $x01 (v128.const i32x4 0 0 0 0))
        (local.set $x10 (v128.const i32x4 0 0 0 0))
        (local.set $x11 (v128.const i32x4 0 0 0 0))
        (local.set $x20 (v128.const i32x4 0 0 0 0))
        (local.set $x21 (v128.const i32x4 0 0 0 0))
        (local.set $x30 (v128.const i32x4 0 0 0 0))
        (local.set $x31 (v128.const i32x4 0 0 0 0))))
    (local.set $k (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $kloop
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $s (v128.load32_splat (local.get $a)))
        (local.set $x00 (f32x4.add (local.get $x00) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $x01 (f32x4.add (local.get $x01) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (local.get $a1)))
        (local.set $x10 (f32x4.add (local.get $x10) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $x11 (f32x4.add (local.get $x11) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (local.get $a2)))
        (local.set $x20 (f32x4.add (local.get $x20) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $x21 (f32x4.add (local.get $x21) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat (local.get $a3)))
        (local.set $x30 (f32x4.add (local.get $x30) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $x31 (f32x4.add (local.get $x31) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $aks)))
        (local.set $a1 (i32.add (local.get $a1) (local.get $aks)))
        (local.set $a2 (i32.add (local.get $a2) (local.get $aks)))
        (local.set $a3 (i32.add (local.get $a3) (local.get $aks)))
        (local.set $b (i32.add (local.get $b) (local.get $ldb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $kloop (i32.gt_s (local.get $k) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $x00))
    (v128.store offset=16 (local.get $c) (local.get $x01))
    (v128.store (local.get $c1) (local.get $x10))
    (v128.store offset=16 (local.get $c1) (local.get $x11))
    (v128.store (local.get $c2) (local.get $x20))
    (v128.store offset=16 (local.get $c2) (local.get $x21))
    (v128.store (local.get $c3) (local.get $x30))
    (v128.store offset=16 (local.get $c3) (local.get $x31)))

  ;; ---- 1 row × 8 columns (row tails) ------------------------------------------------------
  (func $k1x8
    (param $a i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $K i32) (param $acc i32)
    (local $k i32) (local $x0 v128) (local $x1 v128) (local $s v128)
    (if (local.get $acc)
      (then
        (local.set $x0 (v128.load (local.get $c)))
        (local.set $x1 (v128.load offset=16 (local.get $c))))
      (else
        (local.set $x0 (v128.const i32x4 0 0 0 0))
        (local.set $x1 (v128.const i32x4 0 0 0 0))))
    (local.set $k (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $kloop
        (local.set $s (v128.load32_splat (local.get $a)))
        (local.set $x0 (f32x4.add (local.get $x0) (f32x4.mul (local.get $s) (v128.load (local.get $b)))))
        (local.set $x1 (f32x4.add (local.get $x1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aks)))
        (local.set $b (i32.add (local.get $b) (local.get $ldb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $kloop (i32.gt_s (local.get $k) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $x0))
    (v128.store offset=16 (local.get $c) (local.get $x1)))

  ;; ---- 1 row × 4 columns ------------------------------------------------------------------
  (func $k1x4
    (param $a i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $K i32) (param $acc i32)
    (local $k i32) (local $x0 v128)
    (if (local.get $acc)
      (then (local.set $x0 (v128.load (local.get $c))))
      (else (local.set $x0 (v128.const i32x4 0 0 0 0))))
    (local.set $k (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $kloop
        (local.set $x0 (f32x4.add (local.get $x0)
          (f32x4.mul (v128.load32_splat (local.get $a)) (v128.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aks)))
        (local.set $b (i32.add (local.get $b) (local.get $ldb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $kloop (i32.gt_s (local.get $k) (i32.const 0)))))
    (v128.store (local.get $c) (local.get $x0)))

  ;; ---- 1 row × 1 column (scalar tail) -----------------------------------------------------
  (func $k1x1
    (param $a i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $K i32) (param $acc i32)
    (local $k i32) (local $x f32)
    (if (local.get $acc)
      (then (local.set $x (f32.load (local.get $c))))
      (else (local.set $x (f32.const 0))))
    (local.set $k (local.get $K))
    (block $done
      (br_if $done (i32.le_s (local.get $k) (i32.const 0)))
      (loop $kloop
        (local.set $x (f32.add (local.get $x) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aks)))
        (local.set $b (i32.add (local.get $b) (local.get $ldb)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_if $kloop (i32.gt_s (local.get $k) (i32.const 0)))))
    (f32.store (local.get $c) (local.get $x)))

  ;; One row of C from column j0 on: 8-wide, then 4-wide, then scalar.
  (func $row
    (param $a i32) (param $aks i32) (param $b i32) (param $ldb i32)
    (param $c i32) (param $K i32) (param $N i32) (param $j i32) (param $acc i32)
    (block $d8
      (loop $l8
        (br_if $d8 (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $N)))
        (call $k1x8 (local.get $a) (local.get $aks)
          (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
          (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $K) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $l8)))
    (if (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $N))
      (then
        (call $k1x4 (local.get $a) (local.get $aks)
          (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
          (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $K) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))))
    (block $d1
      (loop $l1
        (br_if $d1 (i32.ge_s (local.get $j) (local.get $N)))
        (call $k1x1 (local.get $a) (local.get $aks)
          (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
          (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $K) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $l1))))

  ;; C (+)= A·B over one block of k (K rows of B, K columns of A), all of M and N.
  (func $gemmBlock
    (param $a i32) (param $ais i32) (param $aks i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32)
    (param $M i32) (param $K i32) (param $N i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $r i32)
    ;; 8-column panels outside, 4-row blocks inside: the B panel is reused from L1.
    (local.set $j (i32.const 0))
    (block $dj
      (loop $lj
        (br_if $dj (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $N)))
        (local.set $i (i32.const 0))
        (block $di
          (loop $li
            (br_if $di (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $M)))
            (call $k4x8
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))) (local.get $ais) (local.get $aks)
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))
              (local.get $ldc) (local.get $K) (local.get $acc))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $li)))
        ;; rows left over in this panel (M mod 4)
        (block $dr
          (loop $lr
            (br_if $dr (i32.ge_s (local.get $i) (local.get $M)))
            (call $k1x8
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))) (local.get $aks)
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))
              (local.get $K) (local.get $acc))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $lr)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $lj)))
    ;; columns left over (N mod 8), every row
    (if (i32.lt_s (local.get $j) (local.get $N))
      (then
        (local.set $r (i32.const 0))
        (block $dt
          (loop $lt
            (br_if $dt (i32.ge_s (local.get $r) (local.get $M)))
            (call $row
              (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $ais))) (local.get $aks)
              (local.get $b) (local.get $ldb)
              (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc)))
              (local.get $K) (local.get $N) (local.get $j) (local.get $acc))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $lt))))))

  ;; The exported product: k in blocks of KB; after the first block C always accumulates.
  (func (export "gemm")
    (param $a i32) (param $ais i32) (param $aks i32)
    (param $b i32) (param $ldb i32)
    (param $c i32) (param $ldc i32)
    (param $M i32) (param $K i32) (param $N i32) (param $acc i32)
    (local $k0 i32) (local $kb i32)
    (if (i32.le_s (local.get $K) (i32.const 0))
      (then
        ;; an empty sum: C = 0 unless accumulating
        (if (i32.eqz (local.get $acc))
          (then (call $zero (local.get $c) (local.get $ldc) (local.get $M) (local.get $N))))
        (return)))
    (local.set $k0 (i32.const 0))
    (block $dk
      (loop $lk
        (br_if $dk (i32.ge_s (local.get $k0) (local.get $K)))
        (local.set $kb (i32.sub (local.get $K) (local.get $k0)))
        (if (i32.gt_s (local.get $kb) (global.get $KB)) (then (local.set $kb (global.get $KB))))
        (call $gemmBlock
          (i32.add (local.get $a) (i32.mul (local.get $k0) (local.get $aks))) (local.get $ais) (local.get $aks)
          (i32.add (local.get $b) (i32.mul (local.get $k0) (local.get $ldb))) (local.get $ldb)
          (local.get $c) (local.get $ldc)
          (local.get $M) (local.get $kb) (local.get $N)
          (i32.or (local.get $acc) (i32.ne (local.get $k0) (i32.const 0))))
        (local.set $k0 (i32.add (local.get $k0) (local.get $kb)))
        (br $lk))))

  (func $zero (param $c i32) (param $ldc i32) (param $M i32) (param $N i32)
    (local $i i32)
    (block $d
      (loop $l
        (br_if $d (i32.ge_s (local.get $i) (local.get $M)))
        (memory.fill (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (i32.const 0) (i32.shl (local.get $N) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; C[i][j] += b[j] for every row of C (M×N, rows contiguous): a dense layer's bias, added
  ;; while C is still here. Float32 adds, as the TypeScript loop's (a float64 sum of two
  ;; float32 numbers rounds to the same float32).
  (func (export "addRow") (param $c i32) (param $M i32) (param $N i32) (param $b i32)
    (local $i i32) (local $j i32) (local $p i32)
    (block $di
      (loop $li
        (br_if $di (i32.ge_s (local.get $i) (local.get $M)))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $lj
            (br_if $dj (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $N)))
            (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $p)
              (f32x4.add (v128.load (local.get $p)) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $lj)))
        (block $dt
          (loop $lt
            (br_if $dt (i32.ge_s (local.get $j) (local.get $N)))
            (local.set $p (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
            (f32.store (local.get $p)
              (f32.add (f32.load (local.get $p)) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lt)))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $N) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $li))))

  ;; out[j] = Σ_r a[r][j] over a rows×cols row-major a, the rows added in order from 0 in
  ;; float32 (a dense layer's bias gradient, from the δ already here for the weight gradient).
  (func (export "columnSums") (param $a i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $j i32) (local $r i32) (local $p i32) (local $ld i32) (local $acc v128) (local $s f32)
    (local.set $ld (i32.shl (local.get $cols) (i32.const 2)))
    (block $dj
      (loop $lj
        (br_if $dj (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $cols)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $dr
          (loop $lr
            (br_if $dr (i32.ge_s (local.get $r) (local.get $rows)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $ld)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $lr)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $acc))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $lj)))
    (block $dt
      (loop $lt
        (br_if $dt (i32.ge_s (local.get $j) (local.get $cols)))
        (local.set $s (f32.const 0))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $dr
          (loop $lr
            (br_if $dr (i32.ge_s (local.get $r) (local.get $rows)))
            (local.set $s (f32.add (local.get $s) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $ld)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $lr)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lt))))

  ;; dst[c][r] = src[r][c] for a rows×cols row-major src: 4×4 blocks transposed in registers
  ;; (four row loads, eight shuffles, four column stores), the edges element by element. The
  ;; columns go in strips of 32: a strip writes 32 destination rows, each 16 bytes a band of
  ;; four source rows, so its 32 lines stay in L1 even when the destination rows are a power
  ;; of two apart (256 floats: all of them in the same few cache sets).
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $c0 i32) (local $c1 i32) (local $rows4 i32) (local $cols4 i32)
    (local $s i32) (local $d i32) (local $ls i32) (local $ld i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $ls (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $ld (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $dstrip
      (loop $lstrip
        (br_if $dstrip (i32.ge_s (local.get $c0) (local.get $cols4)))
        (local.set $c1 (i32.add (local.get $c0) (i32.const 32)))
        (if (i32.gt_s (local.get $c1) (local.get $cols4)) (then (local.set $c1 (local.get $cols4))))
        (local.set $r (i32.const 0))
        (block $dr
          (loop $lr
            (br_if $dr (i32.ge_s (local.get $r) (local.get $rows4)))
            (local.set $c (local.get $c0))
            (block $dc
              (loop $lc
                (br_if $dc (i32.ge_s (local.get $c) (local.get $c1)))
                ;; s: src[r][c], d: dst[c][r]
                (local.set $s (i32.add (local.get $src)
                  (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
                (local.set $d (i32.add (local.get $dst)
                  (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
                (local.set $x0 (v128.load (local.get $s)))
                (local.set $x1 (v128.load (i32.add (local.get $s) (local.get $ls))))
                (local.set $x2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $ls) (i32.const 1)))))
                (local.set $x3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $ls) (i32.const 3)))))
                ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
                (v128.store (local.get $d)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $d) (local.get $ld))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $d) (i32.shl (local.get $ld) (i32.const 1)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (v128.store (i32.add (local.get $d) (i32.mul (local.get $ld) (i32.const 3)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $c (i32.add (local.get $c) (i32.const 4)))
                (br $lc)))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $lr)))
        (local.set $c0 (local.get $c1))
        (br $lstrip)))
    ;; the columns left over (cols mod 4) of the full bands, then the rows left over (rows mod 4)
    (call $transposeEdge (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
      (i32.const 0) (local.get $rows4) (local.get $cols4))
    (call $transposeEdge (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
      (local.get $rows4) (local.get $rows) (i32.const 0)))

  ;; dst[c][r] = src[r][c] for r0 ≤ r < r1, c0 ≤ c < cols, one float at a time.
  (func $transposeEdge (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $dr
      (loop $lr
        (br_if $dr (i32.ge_s (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $dc
          (loop $lc
            (br_if $dc (i32.ge_s (local.get $c) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst)
                (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
              (f32.load
                (i32.add (local.get $src)
                  (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lc)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $lr))))
)

;; The Boltzmann machine's layer kernels, hand-written WebAssembly text with 128-bit SIMD.
;; Compiled by scripts/build-wasm.ts into rbmWasm.generated.ts; rbmWasm.ts owns the memory
;; layout (byte offsets, row strides) and this module only computes.
;;
;; Why not the GEMM: the states of a binary machine are 0 or 1, so a product with a matrix of
;; states is a sum of the rows it selects — no multiplications, and only the units that are on
;; cost anything (13 % of the pixels of a binarized digit). The three products of a CD step:
;;   hidden field  V·Wᵀ   row r = Σ_{i on in v_r} (row i of Wᵀ)          (Eq. 22)
;;   visible field H·W    row r = Σ_{j on in h_r} (row j of W)           (Eq. 26)
;;   statistics    Hᵀ·V   is (Vᵀ·H)ᵀ: row i of Vᵀ·H = Σ_{r: v_ri on} (row r of H)   (Eq. 28)
;; are all $sumRows over lists of the 1s ($onLists, $transposeLists).
;;
;; Then the conditional probabilities σ(f·a) (Eqs. 22, 26) with a vectorized exp, and the
;; Bernoulli draws (Eq. 25) from four xoshiro128** streams, one per SIMD lane.
(module
  (memory (export "memory") 16)

  ;; The first 256 bytes hold $onLists' table; rbmWasm.ts allocates from heapBase on.
  (global (export "heapBase") i32 (i32.const 256))

  ;; ---- lists of the 1s of a 0/1 matrix ---------------------------------------------------
  ;; Bytes 16·m … 16·m + 15 of the table: the lanes set in the 4-bit mask m (bit 0 = lane 0), in
  ;; order, as i32s. Written when the module is instantiated.
  (func $fillTable
    (v128.store offset=0 (i32.const 0) (v128.const i32x4 0 0 0 0))  ;; 0000
    (v128.store offset=16 (i32.const 0) (v128.const i32x4 0 0 0 0))  ;; 0001
    (v128.store offset=32 (i32.const 0) (v128.const i32x4 1 0 0 0))  ;; 0010
    (v128.store offset=48 (i32.const 0) (v128.const i32x4 0 1 0 0))  ;; 0011
    (v128.store offset=64 (i32.const 0) (v128.const i32x4 2 0 0 0))  ;; 0100
    (v128.store offset=80 (i32.const 0) (v128.const i32x4 0 2 0 0))  ;; 0101
    (v128.store offset=96 (i32.const 0) (v128.const i32x4 1 2 0 0))  ;; 0110
    (v128.store offset=112 (i32.const 0) (v128.const i32x4 0 1 2 0))  ;; 0111
    (v128.store offset=128 (i32.const 0) (v128.const i32x4 3 0 0 0))  ;; 1000
    (v128.store offset=144 (i32.const 0) (v128.const i32x4 0 3 0 0))  ;; 1001
    (v128.store offset=160 (i32.const 0) (v128.const i32x4 1 3 0 0))  ;; 1010
    (v128.store offset=176 (i32.const 0) (v128.const i32x4 0 1 3 0))  ;; 1011
    (v128.store offset=192 (i32.const 0) (v128.const i32x4 2 3 0 0))  ;; 1100
    (v128.store offset=208 (i32.const 0) (v128.const i32x4 0 2 3 0))  ;; 1101
    (v128.store offset=224 (i32.const 0) (v128.const i32x4 1 2 3 0))  ;; 1110
    (v128.store offset=240 (i32.const 0) (v128.const i32x4 0 1 2 3)))  ;; 1111
  (start $fillTable)

  ;; S is rows × cols f32 (row stride lds bytes). Row r's columns j with S[r][j] = 1 are
  ;; idx[ptr[r]] … idx[ptr[r+1] − 1] (i32 entries), stored as j·scale: scale = the row stride
  ;; of the matrix $sumRows will pick rows from, so an entry is the byte offset of its row.
  ;; Returns the number of 1s, or −1 when an entry is neither 0 nor 1 (then the caller
  ;; multiplies instead). Four entries at a time: the mask of the 1s picks their lane numbers
  ;; from the table, all four are stored and the count advances by the number of 1s (no
  ;; branch), so idx needs rows·cols + 4 entries.
  (func (export "onLists")
    (param $s i32) (param $rows i32) (param $cols i32) (param $lds i32) (param $ptr i32) (param $idx i32)
    (param $scale i32)
    (result i32)
    (local $r i32) (local $j i32) (local $n i32) (local $row i32) (local $mask i32) (local $cols4 i32)
    (local $x f32) (local $v v128) (local $on v128) (local $bad v128)
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $dr
      (loop $lr
        (br_if $dr (i32.ge_s (local.get $r) (local.get $rows)))
        (i32.store (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2))) (local.get $n))
        (local.set $row (i32.add (local.get $s) (i32.mul (local.get $r) (local.get $lds))))
        (local.set $j (i32.const 0))
        (block $dj
          (loop $lj
            (br_if $dj (i32.ge_s (local.get $j) (local.get $cols4)))
            (local.set $v (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $on (f32x4.eq (local.get $v) (v128.const f32x4 1 1 1 1)))
            (local.set $bad (v128.or (local.get $bad)
              (v128.not (v128.or (local.get $on) (f32x4.eq (local.get $v) (v128.const f32x4 0 0 0 0))))))
            (local.set $mask (i32x4.bitmask (local.get $on)))
            (v128.store (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2)))
              (i32x4.mul (i32x4.add (v128.load (i32.shl (local.get $mask) (i32.const 4))) (i32x4.splat (local.get $j)))
                (i32x4.splat (local.get $scale))))
            (local.set $n (i32.add (local.get $n) (i32.popcnt (local.get $mask))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $lj)))
        (block $dt
          (loop $lt
            (br_if $dt (i32.ge_s (local.get $j) (local.get $cols)))
            (local.set $x (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
            (i32.store (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2))) (i32.mul (local.get $j) (local.get $scale)))
            (local.set $n (i32.add (local.get $n) (f32.eq (local.get $x) (f32.const 1))))
            (if (i32.and (f32.ne (local.get $x) (f32.const 0)) (f32.ne (local.get $x) (f32.const 1)))
              (then (return (i32.const -1))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lt)))
        ;; probabilities or spins: no need to read further
        (if (v128.any_true (local.get $bad)) (then (return (i32.const -1))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $lr)))
    (i32.store (i32.add (local.get $ptr) (i32.shl (local.get $rows) (i32.const 2))) (local.get $n))
    (local.get $n))

  ;; The same 1s listed by column, from lists made with scale 1: column c's rows r are
  ;; tidx[tptr[c]] … tidx[tptr[c+1] − 1], in increasing order, stored as r·scale. cur is
  ;; scratch for cols entries.
  (func (export "transposeLists")
    (param $ptr i32) (param $idx i32) (param $rows i32) (param $cols i32)
    (param $tptr i32) (param $tidx i32) (param $cur i32) (param $scale i32)
    (local $r i32) (local $e i32) (local $end i32) (local $c i32) (local $at i32) (local $sum i32)
    (memory.fill (local.get $tptr) (i32.const 0) (i32.shl (i32.add (local.get $cols) (i32.const 1)) (i32.const 2)))
    ;; counts per column, shifted by one …
    (local.set $e (i32.const 0))
    (local.set $end (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $rows) (i32.const 2)))))
    (block $dc
      (loop $lc
        (br_if $dc (i32.ge_s (local.get $e) (local.get $end)))
        (local.set $at (i32.add (local.get $tptr)
          (i32.shl (i32.add (i32.load (i32.add (local.get $idx) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 1)) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $lc)))
    ;; … summed into the start of each column, which is also each column's write cursor
    (local.set $c (i32.const 0))
    (block $dp
      (loop $lp
        (br_if $dp (i32.gt_s (local.get $c) (local.get $cols)))
        (local.set $at (i32.add (local.get $tptr) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $at))))
        (i32.store (local.get $at) (local.get $sum))
        (if (i32.lt_s (local.get $c) (local.get $cols))
          (then (i32.store (i32.add (local.get $cur) (i32.shl (local.get $c) (i32.const 2))) (local.get $sum))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lp)))
    (local.set $r (i32.const 0))
    (block $dr
      (loop $lr
        (br_if $dr (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $e (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $ptr) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))))
        (block $de
          (loop $le
            (br_if $de (i32.ge_s (local.get $e) (local.get $end)))
            (local.set $at (i32.add (local.get $cur) (i32.shl (i32.load (i32.add (local.get $idx) (i32.shl (local.get $e) (i32.const 2)))) (i32.const 2))))
            (i32.store (i32.add (local.get $tidx) (i32.shl (i32.load (local.get $at)) (i32.const 2))) (i32.mul (local.get $r) (local.get $scale)))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
            (local.set $e (i32.add (local.get $e) (i32.const 1)))
            (br $le)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $lr))))

  ;; ---- sums of selected rows: the product with a 0/1 matrix ------------------------------
  ;; C[q][0 … width) = base + Σ_{e in list q} (row of M at byte offset idx[e])[0 … width), q < nq.
  ;; width is rounded up to a multiple of 4: the stride ldc (bytes), the rows of M and base hold
  ;; that many floats (the padding columns are summed too, and ignored). base = 0: no base row.
  ;; Panels of 24 columns (6 accumulators: independent add chains; with 8 V8 spills one),
  ;; then 16, then 4: every q sums within one panel of M before the next, so the panel
  ;; (nrows · 96 bytes: 24 KB of W) stays in cache while the rows of C pick from it.
  (func (export "sumRows")
    (param $c i32) (param $ldc i32) (param $nq i32) (param $ptr i32) (param $idx i32)
    (param $m i32) (param $width i32) (param $base i32)
    (local $q i32) (local $o i32) (local $bytes i32) (local $e i32) (local $e1 i32) (local $a i32) (local $panel i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $x4 v128) (local $x5 v128)
    (local.set $bytes (i32.shl (i32.and (i32.add (local.get $width) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    ;; 24 columns
    (block $d6
      (loop $l6
        (br_if $d6 (i32.gt_s (i32.add (local.get $o) (i32.const 96)) (local.get $bytes)))
        (local.set $panel (i32.add (local.get $m) (local.get $o)))
        (local.set $q (i32.const 0))
        (block $dq6
          (loop $lq6
            (br_if $dq6 (i32.ge_s (local.get $q) (local.get $nq)))
            (if (local.get $base)
              (then
                (local.set $a (i32.add (local.get $base) (local.get $o)))
                (local.set $x0 (v128.load offset=0 (local.get $a)))
                (local.set $x1 (v128.load offset=16 (local.get $a)))
                (local.set $x2 (v128.load offset=32 (local.get $a)))
                (local.set $x3 (v128.load offset=48 (local.get $a)))
                (local.set $x4 (v128.load offset=64 (local.get $a)))
                (local.set $x5 (v128.load offset=80 (local.get $a))))
              (else
                (local.set $x0 (v128.const i32x4 0 0 0 0))
                (local.set $x1 (v128.const i32x4 0 0 0 0))
                (local.set $x2 (v128.const i32x4 0 0 0 0))
                (local.set $x3 (v128.const i32x4 0 0 0 0))
                (local.set $x4 (v128.const i32x4 0 0 0 0))
                (local.set $x5 (v128.const i32x4 0 0 0 0))))
            (local.set $e (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2))))
            (local.set $e1 (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 2)))) (i32.const 2))))
            (if (i32.lt_s (local.get $e) (local.get $e1))
              (then (loop $le6
                (local.set $a (i32.add (local.get $panel) (i32.load (local.get $e))))
                (local.set $x0 (f32x4.add (local.get $x0) (v128.load offset=0 (local.get $a))))
                (local.set $x1 (f32x4.add (local.get $x1) (v128.load offset=16 (local.get $a))))
                (local.set $x2 (f32x4.add (local.get $x2) (v128.load offset=32 (local.get $a))))
                (local.set $x3 (f32x4.add (local.get $x3) (v128.load offset=48 (local.get $a))))
                (local.set $x4 (f32x4.add (local.get $x4) (v128.load offset=64 (local.get $a))))
                (local.set $x5 (f32x4.add (local.get $x5) (v128.load offset=80 (local.get $a))))
                (local.set $e (i32.add (local.get $e) (i32.const 4)))
                (br_if $le6 (i32.lt_s (local.get $e) (local.get $e1))))))
            (local.set $a (i32.add (i32.add (local.get $c) (i32.mul (local.get $q) (local.get $ldc))) (local.get $o)))
            (v128.store offset=0 (local.get $a) (local.get $x0))
            (v128.store offset=16 (local.get $a) (local.get $x1))
            (v128.store offset=32 (local.get $a) (local.get $x2))
            (v128.store offset=48 (local.get $a) (local.get $x3))
            (v128.store offset=64 (local.get $a) (local.get $x4))
            (v128.store offset=80 (local.get $a) (local.get $x5))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $lq6)))
        (local.set $o (i32.add (local.get $o) (i32.const 96)))
        (br $l6)))
    ;; 16 columns
    (if (i32.le_s (i32.add (local.get $o) (i32.const 64)) (local.get $bytes))
      (then
        (local.set $panel (i32.add (local.get $m) (local.get $o)))
        (local.set $q (i32.const 0))
        (block $dq4
          (loop $lq4
            (br_if $dq4 (i32.ge_s (local.get $q) (local.get $nq)))
            (if (local.get $base)
              (then
                (local.set $a (i32.add (local.get $base) (local.get $o)))
                (local.set $x0 (v128.load offset=0 (local.get $a)))
                (local.set $x1 (v128.load offset=16 (local.get $a)))
                (local.set $x2 (v128.load offset=32 (local.get $a)))
                (local.set $x3 (v128.load offset=48 (local.get $a))))
              (else
                (local.set $x0 (v128.const i32x4 0 0 0 0))
                (local.set $x1 (v128.const i32x4 0 0 0 0))
                (local.set $x2 (v128.const i32x4 0 0 0 0))
                (local.set $x3 (v128.const i32x4 0 0 0 0))))
            (local.set $e (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2))))
            (local.set $e1 (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 2)))) (i32.const 2))))
            (if (i32.lt_s (local.get $e) (local.get $e1))
              (then (loop $le4
                (local.set $a (i32.add (local.get $panel) (i32.load (local.get $e))))
                (local.set $x0 (f32x4.add (local.get $x0) (v128.load offset=0 (local.get $a))))
                (local.set $x1 (f32x4.add (local.get $x1) (v128.load offset=16 (local.get $a))))
                (local.set $x2 (f32x4.add (local.get $x2) (v128.load offset=32 (local.get $a))))
                (local.set $x3 (f32x4.add (local.get $x3) (v128.load offset=48 (local.get $a))))
                (local.set $e (i32.add (local.get $e) (i32.const 4)))
                (br_if $le4 (i32.lt_s (local.get $e) (local.get $e1))))))
            (local.set $a (i32.add (i32.add (local.get $c) (i32.mul (local.get $q) (local.get $ldc))) (local.get $o)))
            (v128.store offset=0 (local.get $a) (local.get $x0))
            (v128.store offset=16 (local.get $a) (local.get $x1))
            (v128.store offset=32 (local.get $a) (local.get $x2))
            (v128.store offset=48 (local.get $a) (local.get $x3))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $lq4)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))))
    ;; 4 columns at a time for the rest
    (block $d1
      (loop $l1
        (br_if $d1 (i32.ge_s (local.get $o) (local.get $bytes)))
        (local.set $panel (i32.add (local.get $m) (local.get $o)))
        (local.set $q (i32.const 0))
        (block $dq1
          (loop $lq1
            (br_if $dq1 (i32.ge_s (local.get $q) (local.get $nq)))
            (if (local.get $base)
              (then
                (local.set $a (i32.add (local.get $base) (local.get $o)))
                (local.set $x0 (v128.load offset=0 (local.get $a))))
              (else
                (local.set $x0 (v128.const i32x4 0 0 0 0))))
            (local.set $e (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2))))
            (local.set $e1 (i32.add (local.get $idx) (i32.shl (i32.load (i32.add (local.get $ptr) (i32.shl (i32.add (local.get $q) (i32.const 1)) (i32.const 2)))) (i32.const 2))))
            (if (i32.lt_s (local.get $e) (local.get $e1))
              (then (loop $le1
                (local.set $a (i32.add (local.get $panel) (i32.load (local.get $e))))
                (local.set $x0 (f32x4.add (local.get $x0) (v128.load offset=0 (local.get $a))))
                (local.set $e (i32.add (local.get $e) (i32.const 4)))
                (br_if $le1 (i32.lt_s (local.get $e) (local.get $e1))))))
            (local.set $a (i32.add (i32.add (local.get $c) (i32.mul (local.get $q) (local.get $ldc))) (local.get $o)))
            (v128.store offset=0 (local.get $a) (local.get $x0))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $lq1)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l1))))

  ;; ---- transpose ---------------------------------------------------------------------------
  ;; dst[c][r] = src[r][c] for a rows × cols f32 matrix, strides lds, ldd in bytes: 4 × 4 blocks
  ;; through two rounds of lane shuffles, in tiles of 16 × 16 so that every cache line read or
  ;; written is used whole while it is in cache; the edges one float at a time.
  (func (export "transpose")
    (param $src i32) (param $lds i32) (param $dst i32) (param $ldd i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $r4 i32) (local $c4 i32) (local $s i32) (local $d i32)
    (local $r0 i32) (local $c0 i32) (local $r1 i32) (local $c1 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $r4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (block $dr0
      (loop $lr0
        (br_if $dr0 (i32.ge_s (local.get $r0) (local.get $r4)))
        (local.set $r1 (i32.add (local.get $r0) (i32.const 16)))
        (if (i32.gt_s (local.get $r1) (local.get $r4)) (then (local.set $r1 (local.get $r4))))
        (local.set $c0 (i32.const 0))
        (block $dc0
          (loop $lc0
            (br_if $dc0 (i32.ge_s (local.get $c0) (local.get $c4)))
            (local.set $c1 (i32.add (local.get $c0) (i32.const 16)))
            (if (i32.gt_s (local.get $c1) (local.get $c4)) (then (local.set $c1 (local.get $c4))))
            (local.set $r (local.get $r0))
            (block $dr
              (loop $lr
                (br_if $dr (i32.ge_s (local.get $r) (local.get $r1)))
                (local.set $c (local.get $c0))
                (block $dc
                  (loop $lc
                    (br_if $dc (i32.ge_s (local.get $c) (local.get $c1)))
                    (local.set $s (i32.add (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lds))) (i32.shl (local.get $c) (i32.const 2))))
                    (local.set $a0 (v128.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (local.get $lds)))
                    (local.set $a1 (v128.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (local.get $lds)))
                    (local.set $a2 (v128.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (local.get $lds)))
                    (local.set $a3 (v128.load (local.get $s)))
                    ;; (a0[0] a1[0] a0[1] a1[1]), (a0[2] a1[2] a0[3] a1[3]), the same for a2, a3
                    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a0) (local.get $a1)))
                    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a0) (local.get $a1)))
                    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a2) (local.get $a3)))
                    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a2) (local.get $a3)))
                    (local.set $d (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $ldd))) (i32.shl (local.get $r) (i32.const 2))))
                    (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                    (local.set $d (i32.add (local.get $d) (local.get $ldd)))
                    (v128.store (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                    (local.set $d (i32.add (local.get $d) (local.get $ldd)))
                    (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                    (local.set $d (i32.add (local.get $d) (local.get $ldd)))
                    (v128.store (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                    (local.set $c (i32.add (local.get $c) (i32.const 4)))
                    (br $lc)))
                (local.set $r (i32.add (local.get $r) (i32.const 4)))
                (br $lr)))
            (local.set $c0 (local.get $c1))
            (br $lc0)))
        (local.set $r0 (local.get $r1))
        (br $lr0)))
    ;; the columns past c4 of the first r4 rows, then every column of the rows past r4
    (call $transposeScalar (local.get $src) (local.get $lds) (local.get $dst) (local.get $ldd) (i32.const 0) (local.get $r4) (local.get $c4) (local.get $cols))
    (call $transposeScalar (local.get $src) (local.get $lds) (local.get $dst) (local.get $ldd) (local.get $r4) (local.get $rows) (i32.const 0) (local.get $cols)))

  (func $transposeScalar
    (param $src i32) (param $lds i32) (param $dst i32) (param $ldd i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $dr
      (loop $lr
        (br_if $dr (i32.ge_s (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $dc
          (loop $lc
            (br_if $dc (i32.ge_s (local.get $c) (local.get $c1)))
            (f32.store
              (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $ldd))) (i32.shl (local.get $r) (i32.const 2)))
              (f32.load (i32.add (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $lds))) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lc)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $lr))))

  ;; ---- P(on) = σ(f·a) = 1/(1 + e^{−f·a}) (Eqs. 22, 26) ---------------------------------------
  ;; In place on a[0 … n) rounded up to a multiple of 4. f = 1 for binary units, 2 for spins.
  ;; e^x as 2ⁿ·e^r with n = round(x/ln 2), r = x − n·ln 2 in two parts (Cody–Waite) and a
  ;; degree-6 polynomial for e^r (Cephes expf, |error| ≈ 1 ulp); x clamped to [−87.3, 88] so
  ;; 2ⁿ stays a normal float: σ then reaches 1.4·10⁻³⁸ instead of 0 at fields beyond −88.
  (func (export "sigmoid") (param $a i32) (param $n i32) (param $f f32)
    (local $end i32) (local $x v128) (local $k v128) (local $r v128) (local $p v128) (local $nf v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $nf (f32x4.splat (f32.neg (local.get $f))))
    (block $d
      (loop $l
        (br_if $d (i32.ge_u (local.get $a) (local.get $end)))
        ;; x = −f·a
        (local.set $x (f32x4.mul (v128.load (local.get $a)) (local.get $nf)))
        (local.set $x (f32x4.pmax (f32x4.pmin (local.get $x) (v128.const f32x4 88 88 88 88)) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3)))
        (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
        (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
        (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
        (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
        ;; e^r = 1 + r + r²·p
        (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $r) (local.get $r)) (local.get $p)) (local.get $r))
          (v128.const f32x4 1 1 1 1)))
        ;; · 2ⁿ: n added to the exponent field
        (local.set $p (f32x4.mul (local.get $p)
          (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
        (v128.store (local.get $a) (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $p))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $l))))

  ;; ---- Bernoulli draws (Eq. 25) ------------------------------------------------------------
  ;; out[k] = 1 if R < P[k] (standard rule; R > P[k] with printed = 1) else off, for k < n
  ;; rounded up to a multiple of 4. R = (w >> 8)·2⁻²⁴ from the 32-bit word w of xoshiro128**,
  ;; lane j of each vector drawing from stream j: k = 4t + j takes stream j's t-th word. The
  ;; four streams' states are at st as S0 … S3 (word i of stream j is lane j of Si) and are
  ;; written back.
  (func (export "bernoulli") (param $p i32) (param $out i32) (param $n i32) (param $st i32) (param $off f32) (param $printed i32)
    (local $end i32) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $t v128)
    (local $w v128) (local $u v128) (local $P v128) (local $on v128) (local $offv v128) (local $flip v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)) (i32.const 2))))
    (local.set $s0 (v128.load (local.get $st)))
    (local.set $s1 (v128.load offset=16 (local.get $st)))
    (local.set $s2 (v128.load offset=32 (local.get $st)))
    (local.set $s3 (v128.load offset=48 (local.get $st)))
    (local.set $offv (f32x4.splat (local.get $off)))
    (local.set $flip (i32x4.splat (i32.sub (i32.const 0) (local.get $printed))))
    (block $d
      (loop $l
        (br_if $d (i32.ge_u (local.get $p) (local.get $end)))
        ;; w = rotl(s1·5, 7)·9
        (local.set $w (i32x4.mul (local.get $s1) (v128.const i32x4 5 5 5 5)))
        (local.set $w (i32x4.mul (v128.or (i32x4.shl (local.get $w) (i32.const 7)) (i32x4.shr_u (local.get $w) (i32.const 25)))
          (v128.const i32x4 9 9 9 9)))
        (local.set $t (i32x4.shl (local.get $s1) (i32.const 9)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $s0)))
        (local.set $s3 (v128.xor (local.get $s3) (local.get $s1)))
        (local.set $s1 (v128.xor (local.get $s1) (local.get $s2)))
        (local.set $s0 (v128.xor (local.get $s0) (local.get $s3)))
        (local.set $s2 (v128.xor (local.get $s2) (local.get $t)))
        (local.set $s3 (v128.or (i32x4.shl (local.get $s3) (i32.const 11)) (i32x4.shr_u (local.get $s3) (i32.const 21))))
        (local.set $u (f32x4.mul (f32x4.convert_i32x4_u (i32x4.shr_u (local.get $w) (i32.const 8)))
          (v128.const f32x4 5.9604644775390625e-8 5.9604644775390625e-8 5.9604644775390625e-8 5.9604644775390625e-8)))
        (local.set $P (v128.load (local.get $p)))
        ;; standard: on iff R < P; printed: on iff R > P
        (local.set $on (v128.bitselect (f32x4.gt (local.get $u) (local.get $P)) (f32x4.lt (local.get $u) (local.get $P)) (local.get $flip)))
        (v128.store (local.get $out) (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $offv) (local.get $on)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $l)))
    (v128.store (local.get $st) (local.get $s0))
    (v128.store offset=16 (local.get $st) (local.get $s1))
    (v128.store offset=32 (local.get $st) (local.get $s2))
    (v128.store offset=48 (local.get $st) (local.get $s3)))
)

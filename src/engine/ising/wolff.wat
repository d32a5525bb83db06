;; One Wolff cluster (wolff.ts) on an L×L lattice with L a power of two, in WebAssembly so
;; that it runs near C speed. Compiled by scripts/build-wasm.ts into wolffWasm.generated.ts.
;; The algorithm, the random words and their order are exactly those of wolff.ts's general loop
;; (the tests run both and compare lattices and sums), so the chain does not depend on which
;; of the two ran.
;;
;; Memory (imported, owned by the JS side; byte offsets):
;;   0    xoshiro128** state s0 s1 s2 s3 (i32 each), read at the start and written back
;;   16   out: −½ΔΣ<ij>σiσj and −½ΔΣσi of the cluster (i32 each): "bonds" and "m" below
;;   64   the spins, N = L² bytes of ±1 (int8), row-major
;;   $stack  N i32: sites whose bonds are still to be tried
;;
;; A site flips the moment it joins; on a bipartite lattice (every even L) a joined
;; neighbour then never holds the value that would let it join again, so the spins themselves
;; mark the cluster. Joining σj with neighbour sum Sj (as the lattice is at that moment)
;; changes Σ<ij>σiσj by −2σjSj and Σσi by −2σj: summed join by join, that is the cluster's exact
;; ΔE in the same pass. The four bonds of a popped site are written out one after the other,
;; each with its join inlined (a loop over the four, or a call per join, measured 10-15 %
;; slower): a try is a load, a compare and, when the neighbour may join, one xoshiro128**
;; step compared with the integer threshold ⌊p·2^32⌋.
(module
  (import "env" "memory" (memory 1))

  (func (export "cluster")
    (param $L i32) (param $log2N i32) (param $tAdd i64) (param $sign i32) (param $stack i32)
    (result i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $r i32) (local $t i32)
    (local $xm i32) (local $rm i32) (local $im i32) (local $sp i32) (local $size i32) (local $bonds i32) (local $m i32)
    (local $i i32) (local $x i32) (local $row i32) (local $want i32) (local $j i32)
    (local $n0 i32) (local $n1 i32) (local $n2 i32) (local $n3 i32)
    (local.set $s0 (i32.load (i32.const 0)))
    (local.set $s1 (i32.load (i32.const 4)))
    (local.set $s2 (i32.load (i32.const 8)))
    (local.set $s3 (i32.load (i32.const 12)))
    (local.set $xm (i32.sub (local.get $L) (i32.const 1)))
    (local.set $im (i32.sub (i32.shl (i32.const 1) (local.get $log2N)) (i32.const 1)))
    (local.set $rm (i32.xor (local.get $xm) (i32.const -1)))

    ;; the seed: the top log2(N) bits of one word
    (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
    (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
    (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
    (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
    (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
    (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
    (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
    (local.set $j (i32.shr_u (local.get $r) (i32.sub (i32.const 32) (local.get $log2N))))
    (local.set $want (i32.load8_s offset=64 (local.get $j)))
    (local.set $bonds (i32.mul (local.get $want) (call $neighbourSum (local.get $j) (local.get $L) (local.get $xm) (local.get $im))))
    (i32.store8 offset=64 (local.get $j) (i32.sub (i32.const 0) (local.get $want)))
    (local.set $m (local.get $want))
    (i32.store (local.get $stack) (local.get $j))
    (local.set $sp (i32.add (local.get $stack) (i32.const 4)))
    (local.set $size (i32.const 1))

    (block $done
      (loop $pop
        (br_if $done (i32.eq (local.get $sp) (local.get $stack)))
        (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
        (local.set $i (i32.load (local.get $sp)))
        ;; the σ that joins i: sign·σi before i's flip
        (local.set $want (i32.mul (i32.sub (i32.const 0) (local.get $sign)) (i32.load8_s offset=64 (local.get $i))))
        (local.set $x (i32.and (local.get $i) (local.get $xm)))
        (local.set $row (i32.sub (local.get $i) (local.get $x)))
        (local.set $n0 (i32.or (local.get $row) (i32.and (i32.add (local.get $x) (i32.const 1)) (local.get $xm))))
        (local.set $n1 (i32.or (local.get $row) (i32.and (i32.sub (local.get $x) (i32.const 1)) (local.get $xm))))
        (local.set $n2 (i32.and (i32.add (local.get $i) (local.get $L)) (local.get $im)))
        (local.set $n3 (i32.and (i32.sub (local.get $i) (local.get $L)) (local.get $im)))

        ;; right
        (if (i32.eq (i32.load8_s offset=64 (local.get $n0)) (local.get $want))
          (then
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (if (i64.lt_u (i64.extend_i32_u (local.get $r)) (local.get $tAdd))
              (then
                (local.set $bonds (i32.add (local.get $bonds) (i32.mul (local.get $want) (i32.add (i32.add
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n0) (local.get $rm)) (i32.and (i32.add (local.get $n0) (i32.const 1)) (local.get $xm))))
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n0) (local.get $rm)) (i32.and (i32.sub (local.get $n0) (i32.const 1)) (local.get $xm)))))
                  (i32.add
                  (i32.load8_s offset=64 (i32.and (i32.add (local.get $n0) (local.get $L)) (local.get $im)))
                  (i32.load8_s offset=64 (i32.and (i32.sub (local.get $n0) (local.get $L)) (local.get $im))))))))
                (local.set $m (i32.add (local.get $m) (local.get $want)))
                (i32.store8 offset=64 (local.get $n0) (i32.sub (i32.const 0) (local.get $want)))
                (i32.store (local.get $sp) (local.get $n0))
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (local.set $size (i32.add (local.get $size) (i32.const 1)))))))
        ;; left
        (if (i32.eq (i32.load8_s offset=64 (local.get $n1)) (local.get $want))
          (then
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (if (i64.lt_u (i64.extend_i32_u (local.get $r)) (local.get $tAdd))
              (then
                (local.set $bonds (i32.add (local.get $bonds) (i32.mul (local.get $want) (i32.add (i32.add
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n1) (local.get $rm)) (i32.and (i32.add (local.get $n1) (i32.const 1)) (local.get $xm))))
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n1) (local.get $rm)) (i32.and (i32.sub (local.get $n1) (i32.const 1)) (local.get $xm)))))
                  (i32.add
                  (i32.load8_s offset=64 (i32.and (i32.add (local.get $n1) (local.get $L)) (local.get $im)))
                  (i32.load8_s offset=64 (i32.and (i32.sub (local.get $n1) (local.get $L)) (local.get $im))))))))
                (local.set $m (i32.add (local.get $m) (local.get $want)))
                (i32.store8 offset=64 (local.get $n1) (i32.sub (i32.const 0) (local.get $want)))
                (i32.store (local.get $sp) (local.get $n1))
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (local.set $size (i32.add (local.get $size) (i32.const 1)))))))
        ;; below
        (if (i32.eq (i32.load8_s offset=64 (local.get $n2)) (local.get $want))
          (then
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (if (i64.lt_u (i64.extend_i32_u (local.get $r)) (local.get $tAdd))
              (then
                (local.set $bonds (i32.add (local.get $bonds) (i32.mul (local.get $want) (i32.add (i32.add
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n2) (local.get $rm)) (i32.and (i32.add (local.get $n2) (i32.const 1)) (local.get $xm))))
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n2) (local.get $rm)) (i32.and (i32.sub (local.get $n2) (i32.const 1)) (local.get $xm)))))
                  (i32.add
                  (i32.load8_s offset=64 (i32.and (i32.add (local.get $n2) (local.get $L)) (local.get $im)))
                  (i32.load8_s offset=64 (i32.and (i32.sub (local.get $n2) (local.get $L)) (local.get $im))))))))
                (local.set $m (i32.add (local.get $m) (local.get $want)))
                (i32.store8 offset=64 (local.get $n2) (i32.sub (i32.const 0) (local.get $want)))
                (i32.store (local.get $sp) (local.get $n2))
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (local.set $size (i32.add (local.get $size) (i32.const 1)))))))
        ;; above
        (if (i32.eq (i32.load8_s offset=64 (local.get $n3)) (local.get $want))
          (then
            (local.set $r (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (if (i64.lt_u (i64.extend_i32_u (local.get $r)) (local.get $tAdd))
              (then
                (local.set $bonds (i32.add (local.get $bonds) (i32.mul (local.get $want) (i32.add (i32.add
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n3) (local.get $rm)) (i32.and (i32.add (local.get $n3) (i32.const 1)) (local.get $xm))))
                  (i32.load8_s offset=64 (i32.or (i32.and (local.get $n3) (local.get $rm)) (i32.and (i32.sub (local.get $n3) (i32.const 1)) (local.get $xm)))))
                  (i32.add
                  (i32.load8_s offset=64 (i32.and (i32.add (local.get $n3) (local.get $L)) (local.get $im)))
                  (i32.load8_s offset=64 (i32.and (i32.sub (local.get $n3) (local.get $L)) (local.get $im))))))))
                (local.set $m (i32.add (local.get $m) (local.get $want)))
                (i32.store8 offset=64 (local.get $n3) (i32.sub (i32.const 0) (local.get $want)))
                (i32.store (local.get $sp) (local.get $n3))
                (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
                (local.set $size (i32.add (local.get $size) (i32.const 1)))))))
        (br $pop)))

    (i32.store (i32.const 0) (local.get $s0))
    (i32.store (i32.const 4) (local.get $s1))
    (i32.store (i32.const 8) (local.get $s2))
    (i32.store (i32.const 12) (local.get $s3))
    (i32.store (i32.const 16) (local.get $bonds))
    (i32.store (i32.const 20) (local.get $m))
    (local.get $size))

  ;; Σ of the four neighbours of site j.
  (func $neighbourSum (param $j i32) (param $L i32) (param $xm i32) (param $im i32) (result i32)
    (local $x i32) (local $row i32)
    (local.set $x (i32.and (local.get $j) (local.get $xm)))
    (local.set $row (i32.sub (local.get $j) (local.get $x)))
    (i32.add
      (i32.add
        (i32.load8_s offset=64 (i32.or (local.get $row) (i32.and (i32.add (local.get $x) (i32.const 1)) (local.get $xm))))
        (i32.load8_s offset=64 (i32.or (local.get $row) (i32.and (i32.sub (local.get $x) (i32.const 1)) (local.get $xm)))))
      (i32.add
        (i32.load8_s offset=64 (i32.and (i32.add (local.get $j) (local.get $L)) (local.get $im)))
        (i32.load8_s offset=64 (i32.and (i32.sub (local.get $j) (local.get $L)) (local.get $im))))))
)

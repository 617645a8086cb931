;; Cosines of int8 document rows with a float query, for DocVectors (doc-vectors.ts). Compiled to
;; cosine-kernel-wasm.ts by `npm run build:cosine-kernel` (scripts/build-cosine-kernel.mjs).
;;
;; The sums are those of DocVectors.cosine, in the same order, so the results are the same to the last bit:
;; four running sums s0..s3 (s_j adds dims j, j+4, j+8, …), each term the exact product of an int8 and a
;; float32 widened to f64 (products of 8- and 24-bit mantissas need no rounding), each sum rounded as the
;; JavaScript one is, then ((s0 + s1) + s2) + s3, times the row's inverse norm. Here s0 and s1 are the two
;; lanes of $a, s2 and s3 those of $b, eight dims per turn. WebAssembly has no fused multiply-add, so
;; nothing is rounded differently.
(module
  (import "env" "memory" (memory 1))
  ;; For k < n: d = docs[k] (i32); out[k] (f64) = 0 when inv[d] (f32) is 0, else the cosine of row d
  ;; (dims int8 at vecs + d × dims) with q (dims f64). dims is a multiple of 8.
  (func (export "cosines")
    (param $docs i32) (param $n i32) (param $q i32) (param $dims i32) (param $vecs i32) (param $inv i32) (param $out i32)
    (local $k i32) (local $d i32) (local $iv f64) (local $row i32) (local $i i32) (local $qi i32)
    (local $a v128) (local $b v128) (local $w v128) (local $x v128)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $d (i32.load (i32.add (local.get $docs) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $iv (f64.promote_f32 (f32.load (i32.add (local.get $inv) (i32.shl (local.get $d) (i32.const 2))))))
        (if (f64.eq (local.get $iv) (f64.const 0))
          (then (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (f64.const 0)))
          (else
            (local.set $row (i32.add (local.get $vecs) (i32.mul (local.get $d) (local.get $dims))))
            (local.set $a (v128.const i64x2 0 0))
            (local.set $b (v128.const i64x2 0 0))
            (local.set $i (i32.const 0))
            (loop $eight
              ;; Dims i … i+7 as i16, then i … i+3 and i+4 … i+7 as i32: their low and high pairs go to $a and $b.
              (local.set $w (v128.load8x8_s (i32.add (local.get $row) (local.get $i))))
              (local.set $qi (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 3))))
              (local.set $x (i32x4.extend_low_i16x8_s (local.get $w)))
              (local.set $a (f64x2.add (local.get $a)
                (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (v128.load (local.get $qi)))))
              (local.set $b (f64x2.add (local.get $b)
                (f64x2.mul
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
                  (v128.load offset=16 (local.get $qi)))))
              (local.set $x (i32x4.extend_high_i16x8_s (local.get $w)))
              (local.set $a (f64x2.add (local.get $a)
                (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $x)) (v128.load offset=32 (local.get $qi)))))
              (local.set $b (f64x2.add (local.get $b)
                (f64x2.mul
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
                  (v128.load offset=48 (local.get $qi)))))
              (local.set $i (i32.add (local.get $i) (i32.const 8)))
              (br_if $eight (i32.lt_u (local.get $i) (local.get $dims))))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
              (f64.mul
                (f64.add
                  (f64.add
                    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a)))
                    (f64x2.extract_lane 0 (local.get $b)))
                  (f64x2.extract_lane 1 (local.get $b)))
                (local.get $iv)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))))

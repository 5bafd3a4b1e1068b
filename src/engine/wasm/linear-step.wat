;; The fused step of projected SGD for an objective with a linear gradient (src/engine/objective.ts),
;; in WebAssembly SIMD: the engine's JavaScript loops (src/engine/vec.ts dotRow, src/engine/sgd.ts
;; update) operation for operation, so both give the same bits. Their four partial sums s0..s3 (one
;; per coordinate j mod 4) are held here as two f64x2 pairs (s0, s1) and (s2, s3); the d mod 4 tail
;; goes into s0, and the result is s0 + s1 + (s2 + s3). WebAssembly has no fused multiply-add outside
;; relaxed SIMD and rounds every f64x2 lane as the scalar operation would, hence the same bits.
;;
;; Memory (imported, sized by the caller): w_t at byte 0 (d doubles), the data rows after it. Pointers
;; are byte offsets; xp is the first byte of row i. Built by scripts/build-wasm.ts.
(module
  (import "engine" "memory" (memory 1))

  ;; x·w (dotRow's order).
  (func (export "dot") (param $xp i32) (param $d i32) (result f64)
    (local $j i32) (local $q i32) (local $end i32) (local $lo v128) (local $hi v128) (local $s0 f64)
    (local.set $end (i32.and (local.get $d) (i32.const -4)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $q (i32.shl (local.get $j) (i32.const 3)))
        (local.set $lo (f64x2.add (local.get $lo)
          (f64x2.mul (v128.load (i32.add (local.get $xp) (local.get $q))) (v128.load (local.get $q)))))
        (local.set $hi (f64x2.add (local.get $hi)
          (f64x2.mul (v128.load offset=16 (i32.add (local.get $xp) (local.get $q)))
                     (v128.load offset=16 (local.get $q)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quad)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $lo)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $q (i32.shl (local.get $j) (i32.const 3)))
        (local.set $s0 (f64.add (local.get $s0)
          (f64.mul (f64.load (i32.add (local.get $xp) (local.get $q))) (f64.load (local.get $q)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $lo)))
      (f64.add (f64x2.extract_lane 0 (local.get $hi)) (f64x2.extract_lane 1 (local.get $hi)))))

  ;; w ← w − a·(c·x), returning ‖w‖² (the update's order).
  (func (export "update") (param $xp i32) (param $d i32) (param $a f64) (param $c f64) (result f64)
    (local $j i32) (local $q i32) (local $end i32) (local $av v128) (local $cv v128)
    (local $lo v128) (local $hi v128) (local $slo v128) (local $shi v128) (local $s0 f64) (local $v f64)
    (local.set $av (f64x2.splat (local.get $a)))
    (local.set $cv (f64x2.splat (local.get $c)))
    (local.set $end (i32.and (local.get $d) (i32.const -4)))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $q (i32.shl (local.get $j) (i32.const 3)))
        (local.set $lo (f64x2.sub (v128.load (local.get $q))
          (f64x2.mul (local.get $av)
            (f64x2.mul (local.get $cv) (v128.load (i32.add (local.get $xp) (local.get $q)))))))
        (local.set $hi (f64x2.sub (v128.load offset=16 (local.get $q))
          (f64x2.mul (local.get $av)
            (f64x2.mul (local.get $cv) (v128.load offset=16 (i32.add (local.get $xp) (local.get $q)))))))
        (v128.store (local.get $q) (local.get $lo))
        (v128.store offset=16 (local.get $q) (local.get $hi))
        (local.set $slo (f64x2.add (local.get $slo) (f64x2.mul (local.get $lo) (local.get $lo))))
        (local.set $shi (f64x2.add (local.get $shi) (f64x2.mul (local.get $hi) (local.get $hi))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $quad)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $slo)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $q (i32.shl (local.get $j) (i32.const 3)))
        (local.set $v (f64.sub (f64.load (local.get $q))
          (f64.mul (local.get $a)
            (f64.mul (local.get $c) (f64.load (i32.add (local.get $xp) (local.get $q)))))))
        (f64.store (local.get $q) (local.get $v))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $v) (local.get $v))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail)))
    (f64.add
      (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $slo)))
      (f64.add (f64x2.extract_lane 0 (local.get $shi)) (f64x2.extract_lane 1 (local.get $shi)))))
)

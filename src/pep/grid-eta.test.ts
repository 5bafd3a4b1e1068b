import { describe, expect, it } from 'vitest';
import { gridEtaSeconds, predictSeconds } from './grid-eta';

describe('grid ETA', () => {
  it('predicts a horizon by the mean of the finished solves at that horizon', () => {
    expect(
      predictSeconds(20, [
        { T: 20, seconds: 4 },
        { T: 20, seconds: 6 },
        { T: 10, seconds: 1 },
      ]),
    ).toBe(5);
  });

  it('scales the nearest finished horizon by (T/T′)^4 (a solve at 2T costs 16 times one at T)', () => {
    expect(predictSeconds(40, [{ T: 20, seconds: 3 }])).toBe(48);
    expect(
      predictSeconds(10, [
        { T: 20, seconds: 32 },
        { T: 100, seconds: 1e6 },
      ]),
    ).toBe(2);
  });

  it('sums the remaining predictions over the workers, and has no estimate before the first solve', () => {
    const finished = [{ T: 10, seconds: 2 }];
    expect(gridEtaSeconds([10, 10, 10, 10], finished, 2)).toBe(4);
    // One point left: a second worker cannot share it.
    expect(gridEtaSeconds([10], finished, 2)).toBe(2);
    expect(gridEtaSeconds([10], [], 2)).toBeNull();
  });
});

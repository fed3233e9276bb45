import { broadcastStrides, type Shape, stridesOf } from "../../ir/shape";

export type Arr = Float32Array | Float64Array;
export type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor;

// Row-major layout facts are shared with every backend; they live beside the shape rules.
export { broadcastStrides, stridesOf };

/**
 * Calls visit(outIndex, offsets...) for every element of outShape in row-major order,
 * where offsets are positions in each strided input. An odometer keeps it O(1) per element.
 */
export function forEachStrided(
  outShape: Shape,
  strides: number[][],
  visit: (o: number, offs: Int32Array | number[]) => void,
): void {
  const rank = outShape.length;
  const total = outShape.reduce((p, d) => p * d, 1);
  const k = strides.length;
  const offs = new Array<number>(k).fill(0);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < total; o++) {
    visit(o, offs);
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      for (let j = 0; j < k; j++) offs[j] += strides[j][ax];
      if (idx[ax] < outShape[ax]) break;
      for (let j = 0; j < k; j++) offs[j] -= strides[j][ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
}

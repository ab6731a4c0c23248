/**
 * Maximum bipartite matching (Kuhn's augmenting paths): pairs each left node with a distinct
 * right node along allowed edges, as many as possible. Combined schemas are compared this way
 * because allOf/anyOf/oneOf branches are unordered: a reordered list is the same schema.
 * Graphs are a few branches wide, so the O(V*E) algorithm is plenty.
 */

/** `edges[left]` lists the right nodes `left` may pair with. Returns right -> left pairs. */
export function maximumMatching(leftCount: number, rightCount: number, edges: readonly (readonly number[])[]): Map<number, number> {
  const rightToLeft = new Map<number, number>();
  const augment = (left: number, seen: boolean[]): boolean => {
    for (const right of edges[left] ?? []) {
      if (right >= rightCount || seen[right]) continue;
      seen[right] = true;
      const owner = rightToLeft.get(right);
      if (owner === undefined || augment(owner, seen)) {
        rightToLeft.set(right, left);
        return true;
      }
    }
    return false;
  };
  for (let left = 0; left < leftCount; left++) augment(left, new Array<boolean>(rightCount).fill(false));
  return rightToLeft;
}

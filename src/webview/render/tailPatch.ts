// Updates the open tail's DOM in place from a freshly rendered version of it. Usually only the last block's last
// text changed; patching just that keeps the browser's style and layout work to the changed text instead of
// re-building every tail node on each delta.

/**
 * Makes `current` (consecutive children of `parent`, followed by `before`) match `next`; returns the nodes now
 * there. Equal nodes are kept, changed text is edited in place, and only what differs is replaced.
 */
export function patchNodes(
  parent: Node,
  current: readonly ChildNode[],
  next: readonly ChildNode[],
  before: Node | null,
): ChildNode[] {
  const result: ChildNode[] = [];
  const shared = Math.min(current.length, next.length);
  for (let i = 0; i < shared; i++) {
    const a = current[i]!;
    const b = next[i]!;
    result.push(a.isEqualNode(b) ? a : patchNode(a, b));
  }
  for (let i = shared; i < current.length; i++) current[i]!.remove();
  for (let i = shared; i < next.length; i++) {
    parent.insertBefore(next[i]!, before);
    result.push(next[i]!);
  }
  return result;
}

function patchNode(current: ChildNode, next: ChildNode): ChildNode {
  const type = current.nodeType;
  if (type !== next.nodeType) {
    current.replaceWith(next);
    return next;
  }
  if (type === Node.TEXT_NODE) {
    const a = current as Text;
    const old = a.data;
    const fresh = (next as Text).data;
    if (old !== fresh) {
      if (fresh.length > old.length && fresh.startsWith(old)) a.appendData(fresh.slice(old.length));
      else a.data = fresh;
    }
    return current;
  }
  if (type === Node.ELEMENT_NODE && sameShell(current as Element, next as Element)) {
    patchChildren(current as Element, next as Element);
    return current;
  }
  current.replaceWith(next);
  return next;
}

function patchChildren(current: Element, next: Element): void {
  let a = current.firstChild;
  let b = next.firstChild;
  while (a && b) {
    const nextA = a.nextSibling;
    const nextB = b.nextSibling; // read first: patchNode may move b out of `next`
    // isEqualNode is a native deep compare: most siblings (earlier list items, the code toolbar) are unchanged.
    if (!a.isEqualNode(b)) patchNode(a, b);
    a = nextA;
    b = nextB;
  }
  while (a) {
    const nextA = a.nextSibling;
    a.remove();
    a = nextA;
  }
  while (b) {
    const nextB = b.nextSibling;
    current.appendChild(b);
    b = nextB;
  }
}

function sameShell(a: Element, b: Element): boolean {
  if (a.tagName !== b.tagName) return false;
  const attrs = b.attributes;
  if (a.attributes.length !== attrs.length) return false;
  for (let i = 0; i < attrs.length; i++) {
    const attr = attrs[i]!;
    if (a.getAttribute(attr.name) !== attr.value) return false;
  }
  return true;
}

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
  for (let i = 0; i < shared; i++) result.push(patchNode(current[i]!, next[i]!));
  for (let i = shared; i < current.length; i++) current[i]!.remove();
  for (let i = shared; i < next.length; i++) {
    parent.insertBefore(next[i]!, before);
    result.push(next[i]!);
  }
  return result;
}

function patchNode(current: ChildNode, next: ChildNode): ChildNode {
  if (current.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE) {
    const a = current as Text;
    const b = (next as Text).data;
    if (a.data !== b) {
      if (b.startsWith(a.data)) a.appendData(b.slice(a.data.length));
      else a.data = b;
    }
    return current;
  }
  if (current instanceof Element && next instanceof Element && sameShell(current, next)) {
    patchChildren(current, next);
    return current;
  }
  current.replaceWith(next);
  return next;
}

function patchChildren(current: Element, next: Element): void {
  const a = current.childNodes;
  const b = Array.from(next.childNodes);
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) patchNode(a[i]!, b[i]!);
  while (current.childNodes.length > b.length) current.lastChild!.remove();
  for (let i = shared; i < b.length; i++) current.appendChild(b[i]!);
}

function sameShell(a: Element, b: Element): boolean {
  if (a.tagName !== b.tagName || a.attributes.length !== b.attributes.length) return false;
  for (const attr of Array.from(b.attributes)) {
    if (a.getAttribute(attr.name) !== attr.value) return false;
  }
  return true;
}

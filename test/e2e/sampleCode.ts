// The sample file the editor specs select from: a function with an off-by-one bug.
export const CART = [
  'export interface Item {',
  '  price: number;',
  '  quantity: number;',
  '}',
  '',
  'export function total(items: Item[]): number {',
  '  let sum = 0;',
  '  for (let i = 0; i <= items.length; i++) sum += items[i].price * items[i].quantity;',
  '  return sum;',
  '}',
  '',
].join('\n');

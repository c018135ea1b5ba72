/** The two instances of a blue-green app: one live, the other the candidate or the previous version. */
export type Color = 'blue' | 'green';
export const COLORS: Color[] = ['blue', 'green'];
export const other = (c: Color): Color => (c === 'blue' ? 'green' : 'blue');

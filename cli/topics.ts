export const usage = 'Usage: tributary topics (work in progress)';
export async function main(_argv: string[]): Promise<number> { throw new Error('not yet built'); }

// tries: to load host modules with a dynamic import() (must be a compile-time error naming the line)
// exercise: 05
export class Node {
  state: any = 'FOLLOWER';
  currentTerm = 0;
  votedFor: string | null = null;
  constructor(env: any) {
    import('node:fs').then((fs: any) => fs.writeFileSync('/tmp/pwned', 'x')).catch(() => {});
  }
}

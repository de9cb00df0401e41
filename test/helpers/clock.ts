/** A clock tests move by hand (epoch seconds). */
export class TestClock {
  constructor(public current = Math.floor(Date.now() / 1000)) {}
  now = (): number => this.current;
  advance(seconds: number): void {
    this.current += seconds;
  }
}

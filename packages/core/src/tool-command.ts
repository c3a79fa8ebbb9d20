import { Command } from 'commander';

/**
 * commander's Command as both apps want it: an unknown option is reported
 * before a missing required one, so a typo such as `--retrun 5` is named as
 * such, with commander's "did you mean" suggestion, instead of "required
 * option '--return' not specified"; and `-v` prints the version like `-V`.
 */
export class ToolCommand extends Command {
  constructor(name?: string) {
    super(name);
    // commander puts its suggestion on a line of its own: keep the error one line
    this.configureOutput({ outputError: (text, write) => write(text.replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)')) });
  }

  override createCommand(name?: string): ToolCommand {
    return new ToolCommand(name);
  }

  override parseAsync(argv?: readonly string[], options?: { from: 'node' | 'electron' | 'user' }): Promise<this> {
    const args = [...(argv ?? process.argv)];
    const first = options?.from === 'user' ? 0 : 2;
    if (args.length === first + 1 && args[first] === '-v') args[first] = '-V';
    return super.parseAsync(args, options);
  }

  /** Called by commander before it checks for unknown options; checks them first. (Overrides commander's own step.) */
  _checkForMissingMandatoryOptions(): void {
    const unknown = this.args.find((a) => /^--?[A-Za-z]/.test(a));
    if (unknown !== undefined) (this as unknown as { unknownOption(flag: string): never }).unknownOption(unknown);
    (Command.prototype as unknown as { _checkForMissingMandatoryOptions(this: Command): void })._checkForMissingMandatoryOptions.call(this);
  }
}

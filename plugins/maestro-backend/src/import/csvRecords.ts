import { InputError } from '@backstage/errors';
import { CsvError, parse, Parser } from 'csv-parse';

/**
 * Parses CSV text chunks (RFC 4180: quotes, `""` escapes, CRLF or LF, a BOM; blank lines skipped) with csv-parse's
 * stream parser and yields each record's cells as soon as it is parsed. After `maxRecords` records the parser
 * stops (csv-parse's `to` option) and nothing more of `source` is read; a consumer that stops early stops the
 * parser too. A record with more cells than the first one (the header) is refused; fewer are allowed.
 * Failures are InputErrors naming `content`, a problem and a line, never the text.
 */
export async function* csvRecords(
  source: AsyncIterable<string> | Iterable<string>,
  maxRecords: number,
): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count_less: true, to: maxRecords });
  void feed(source, parser); // never rejects: a failing source destroys the parser with its error
  try {
    for await (const cells of parser) yield cells as string[];
  } catch (error) {
    throw error instanceof CsvError ? new InputError(`content: is not valid CSV (${csvProblem(error)})`) : error;
  } finally {
    parser.destroy();
  }
}

/** Writes the source into the parser one chunk at a time (each written once the previous one is parsed). */
async function feed(source: AsyncIterable<string> | Iterable<string>, parser: Parser): Promise<void> {
  try {
    for await (const text of source) {
      if (parser.destroyed || parser.writableEnded) return; // stopped: leave the rest of the source unread
      await new Promise<void>(resolve => {
        const done = () => {
          parser.off('close', done);
          resolve();
        };
        parser.once('close', done);
        parser.write(text, done);
      });
    }
    if (!parser.destroyed && !parser.writableEnded) parser.end();
  } catch (error) {
    parser.destroy(error as Error);
  }
}

/** What is wrong, from csv-parse's error code and line (its message quotes the input). */
function csvProblem(error: CsvError): string {
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    return `line ${line} has more cells than the header has columns`;
  }
  const what = error.code.replace(/^CSV_/, '').toLowerCase().replace(/_/g, ' ');
  return line === undefined ? what : `${what} at line ${line}`;
}

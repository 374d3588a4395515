import type { Response } from 'express';

/** Answers a CSV document as a download named `filename` (without extension). */
export function csvDownload(response: Response, filename: string, csv: string): string {
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
  return csv;
}

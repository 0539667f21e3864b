/** A sentence of the source; `text === source.slice(start, end)`. */
export interface Sentence { index: number; start: number; end: number; text: string }

/** A key point; `sentence` is the index of the source sentence it comes from. */
export interface SummaryPoint { text: string; sentence: number; start: number; end: number }

export interface Summary { points: SummaryPoint[]; lang: string }

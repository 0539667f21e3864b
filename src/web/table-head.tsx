/** A column heading; `numeric` right-aligns it like its numbers. */
export type Column = string | { label: string; numeric: true };

/** A table's column headings, each a `scope="col"` header for screen readers. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          typeof c === 'string' ? (
            <th key={i} scope="col">
              {c}
            </th>
          ) : (
            <th key={i} scope="col" class="num">
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

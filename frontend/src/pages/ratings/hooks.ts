import { useEffect, useState } from "react";

import { api } from "../../api/client";
import type { Sheet } from "./score";

/** A sheet version's definition (versions never change, so one read is enough). */
export function useSheet(sheetId: number | null | undefined): Sheet | null {
  const [sheet, setSheet] = useState<Sheet | null>(null);
  useEffect(() => {
    if (!sheetId) return;
    let live = true;
    api
      .GET("/api/v1/rating-sheets/{sheet_id}", { params: { path: { sheet_id: sheetId } } })
      .then(({ data }) => live && data && setSheet(data.definition as unknown as Sheet))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [sheetId]);
  return sheet;
}

/** Total points of a sheet (100 unless the sheet says otherwise). */
export function maxOf(sheet: Sheet): number {
  return sheet.total_points ?? sheet.criteria.reduce((sum, c) => sum + c.max_points, 0);
}

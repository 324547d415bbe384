// Entries as the server keeps them per item, back into the sheet's form.
import { entriesFrom, type Entry } from "./score";
import type { Rating } from "./types";

export function selfEntries(rating: Rating): Record<string, Entry> {
  return entriesFrom(
    Object.fromEntries(rating.items.filter((i) => i.self_entry).map((i) => [i.code, i.self_entry])),
  );
}

export function approvedEntries(rating: Rating): Record<string, Entry> {
  return entriesFrom(
    Object.fromEntries(
      rating.items.filter((i) => i.approved_entry).map((i) => [i.code, i.approved_entry]),
    ),
  );
}

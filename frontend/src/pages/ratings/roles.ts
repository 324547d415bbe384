// Who does what on the rating screens (the API decides; the UI hides what would be refused).
const COMMITTEES = new Set(["admin", "superior_committee", "base_committee"]);

export function isCommittee(role: string | undefined): boolean {
  return role !== undefined && COMMITTEES.has(role);
}

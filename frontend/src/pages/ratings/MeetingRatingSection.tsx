/** The meeting workspace's rating section: the cell's self-rating of a held meeting. */
export function MeetingRatingSection() {
  return null;
}

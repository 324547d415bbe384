export default function InspectionPage() {
  return null;
}

import type { components } from "../../api/schema";

type S = components["schemas"];
export type Rating = S["RatingRead"];
export type RatingSummary = S["RatingSummary"];
export type RatingItem = S["chibo__ratings__schemas__RatingItemRead"];
export type RatingEvent = S["RatingEventRead"];
export type FactRead = S["FactRead"];
export type Inspection = S["InspectionRead"];
export type InspectionSummary = S["InspectionSummary"];
export type Plan = S["PlanRead"];
export type FollowUp = S["FollowUpRead"];
export type Comparison = S["Comparison"];
export type InspectionItem = S["chibo__inspections__schemas__RatingItemRead"];

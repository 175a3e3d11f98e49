import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "~/modules/tenancy/index.server";

/** Sign-in, first-run setup, invitations and the org switcher: form parsing in a .server module, so zod stays out of the browser bundle. */

export const LoginSchema = () =>
  z.object({
    email: z.string().trim().min(1, "Enter your email").max(320, "Use at most 320 characters"),
    password: z.string().min(1, "Enter your password").max(1024, "Use at most 1024 characters"),
  });

export const SetupSchema = () =>
  z.object({
    name: z.string().trim().min(1, "Enter your organization's name").max(200, "Use at most 200 characters"),
    ownerName: z.string().trim().min(1, "Enter your name").max(200, "Use at most 200 characters"),
    email: z
      .string()
      .trim()
      .min(1, "Enter your work email")
      .max(320, "Use at most 320 characters")
      .pipe(z.email("Enter a valid email address, like name@company.com")),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`),
  });

/** Joining through an invitation link as a new user. */
export const RegisterSchema = () =>
  z.object({
    name: z.string().trim().min(1, "Enter your name").max(200, "Use at most 200 characters"),
    password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`),
  });

export const SwitchOrgSchema = () =>
  z.object({
    orgId: z.string().trim().min(1, "Choose an organization").max(64),
    redirectTo: z.string().optional(),
  });

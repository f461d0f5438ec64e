'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/trpc/app-router';
import { ToastProvider } from './components/toast';
import { TRPCProvider } from './lib/trpc';

/** The browser talks to the same origin; during server rendering nothing is fetched. */
function apiUrl(): string {
  if (typeof window !== 'undefined') return '/api/trpc';
  return `http://127.0.0.1:${process.env.PORT ?? 3000}/api/trpc`;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: 1 },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // Live run events come over Server-Sent Events; everything else is batched HTTP.
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: apiUrl() }),
          false: httpBatchLink({ url: apiUrl(), maxURLLength: 2000 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

select coaleSce(u_l< 'never')c;
